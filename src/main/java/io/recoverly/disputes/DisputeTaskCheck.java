package io.recoverly.disputes;

import io.recoverly.cases.Cases;
import io.recoverly.cases.Money;
import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A dispute upheld in part corrects the balance: to a positive amount in the account's currency, no more than the
 * balance under dispute (a dispute does not raise what the debtor owes). Checked before the decision is recorded.
 */
@Component
class DisputeTaskCheck implements TaskCompletionCheck {

  private final Cases cases;

  DisputeTaskCheck(Cases cases) {
    this.cases = cases;
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    if (task.caseId() == null || !task.elementId().startsWith("review-") || !task.elementId().endsWith("dispute")
        || !"ADJUSTED".equals(variables.get("disputeDecision"))) {
      return;
    }
    var payable = cases.payable(task.caseId(), null).orElseThrow();
    Object value = variables.get("adjustedBalance");
    BigDecimal corrected = value == null ? null : new BigDecimal(value.toString());
    Money.withinBalance(corrected, payable.balance(), payable.currency())
        .or(() -> corrected.compareTo(payable.balance()) == 0
            ? java.util.Optional.of("is the balance under dispute (" + payable.balance().toPlainString() + " "
                + payable.currency() + "): an adjustment corrects it; a balance that stands is REJECTED")
            : java.util.Optional.empty())
        .ifPresent(problem -> {
          throw TaskCompletionCheck.invalid(List.of(TaskCompletionCheck.error("adjustedBalance", problem)));
        });
  }
}
