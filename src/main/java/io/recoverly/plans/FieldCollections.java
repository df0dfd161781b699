package io.recoverly.plans;

import io.recoverly.cases.Cases;
import io.recoverly.cases.Money;
import io.recoverly.tasks.TaskCompleted;
import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Money a field agent collects at the door (the field-visit outcome {@code PAYMENT_COLLECTED}) is a payment like any
 * other: recorded in the visit's completing transaction, under the receipt the agent gave the debtor as its external
 * id ({@code field-receipt:<number>}), so that the same receipt never counts twice and never for two cases. It is
 * checked before anything is recorded: an amount of the account's currency, at most the balance.
 */
@Component
class FieldCollections implements TaskCompletionCheck {

  static final String OUTCOME = "PAYMENT_COLLECTED";
  static final String EXTERNAL_ID_PREFIX = "field-receipt:";

  private final Cases cases;
  private final PaymentService payments;

  FieldCollections(Cases cases, PaymentService payments) {
    this.cases = cases;
    this.payments = payments;
  }

  private static boolean collected(String elementId, Map<String, Object> variables) {
    return "field-visit".equals(elementId) && OUTCOME.equals(variables.get("visitOutcome"));
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    if (task.caseId() == null || !collected(task.elementId(), variables)) {
      return;
    }
    Cases.PayableCase payable = cases.payable(task.caseId(), null).orElseThrow();
    Object value = variables.get("collectedAmount");
    BigDecimal amount = value == null ? null : new BigDecimal(value.toString());
    List<Map<String, String>> errors = new ArrayList<>();
    Money.problem(amount, payable.currency()).ifPresentOrElse(
        problem -> errors.add(TaskCompletionCheck.error("collectedAmount", problem)),
        () -> {
          if (amount.compareTo(payable.balance()) > 0) {
            errors.add(TaskCompletionCheck.error("collectedAmount", "must be at most the balance, "
                + payable.balance().toPlainString() + " " + payable.currency()));
          }
        });
    Object receipt = variables.get("receiptNumber");
    if (receipt != null && payments.find(EXTERNAL_ID_PREFIX + receipt).isPresent()) {
      errors.add(TaskCompletionCheck.error("receiptNumber", "receipt " + receipt
          + " is already recorded for a payment: each receipt is one payment"));
    }
    if (!errors.isEmpty()) {
      throw TaskCompletionCheck.invalid(errors);
    }
  }

  /** The visit is on record: so is the payment (a repeat of the same receipt is the same payment). */
  @EventListener
  void onVisitCompleted(TaskCompleted completed) {
    if (completed.caseId() == null || !collected(completed.elementId(), completed.variables())) {
      return;
    }
    String currency = cases.payable(completed.caseId(), null).orElseThrow().currency();
    payments.record(new PaymentService.PaymentRequest(completed.caseId(), null,
        new BigDecimal(completed.variables().get("collectedAmount").toString()), currency,
        EXTERNAL_ID_PREFIX + completed.variables().get("receiptNumber"), completed.at()));
  }
}
