package io.recoverly.negotiation;

import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A call or a field visit that ends in a promise, and a call that ends in a settlement request, are checked against the
 * case before they are recorded: the process would otherwise hold a promise it cannot keep (more than the balance,
 * dated in the past or in the year 99999) or put an offer to approval that settles nothing. The form has checked
 * types and formats already.
 */
@Component
class NegotiationTaskCheck implements TaskCompletionCheck {

  private final Promises promises;
  private final Settlements settlements;

  NegotiationTaskCheck(Promises promises, Settlements settlements) {
    this.promises = promises;
    this.settlements = settlements;
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    if (task.caseId() == null) {
      return;
    }
    // a promise can be made on a call or to the field agent at the door; settlements are offered on calls
    Object outcome = "call-debtor".equals(task.elementId()) ? variables.get("callOutcome")
        : "field-visit".equals(task.elementId()) ? variables.get("visitOutcome") : null;
    List<Map<String, String>> errors = new ArrayList<>();
    if ("PROMISE_TO_PAY".equals(outcome)) {
      promises.problems(task.caseId(), amount(variables.get("promiseAmount")), date(variables.get("promiseDate")))
          .forEach((field, problem) -> errors.add(TaskCompletionCheck.error(field, problem)));
    } else if ("SETTLEMENT_REQUESTED".equals(outcome)) {
      settlements.problem(task.caseId(), amount(variables.get("settlementAmount")))
          .ifPresent(problem -> errors.add(TaskCompletionCheck.error("settlementAmount", problem)));
    }
    if (!errors.isEmpty()) {
      throw TaskCompletionCheck.invalid(errors);
    }
  }

  static BigDecimal amount(Object value) {
    return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
  }

  static LocalDate date(Object value) {
    return value == null ? null : LocalDate.parse(value.toString().substring(0, 10));
  }
}
