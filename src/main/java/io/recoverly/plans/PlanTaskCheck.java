package io.recoverly.plans;

import io.recoverly.cases.Money;
import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A plan agreed on a call, or assessed from the debtor's income and expenses, is checked against the case before it
 * is recorded: installments of at least the smallest unit, a first due date the debtor can meet, amounts of money the
 * account's currency can hold.
 */
@Component
class PlanTaskCheck implements TaskCompletionCheck {

  private final PaymentPlans plans;
  private final io.recoverly.cases.Cases cases;

  PlanTaskCheck(PaymentPlans plans, io.recoverly.cases.Cases cases) {
    this.plans = plans;
    this.cases = cases;
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    if (task.caseId() == null) {
      return;
    }
    List<Map<String, String>> errors = new ArrayList<>();
    if ("call-debtor".equals(task.elementId()) && "PLAN_REQUESTED".equals(variables.get("callOutcome"))) {
      Object installments = variables.get("planInstallments");
      plans.problems(task.caseId(), installments == null ? null : new BigDecimal(installments.toString()).intValue(),
              date(variables.get("planFirstDueDate")), "planFirstDueDate")
          .forEach((field, problem) -> errors.add(TaskCompletionCheck.error(field, problem)));
    } else if ("assess-hardship".equals(task.elementId())) {
      String currency = cases.payable(task.caseId(), null).orElseThrow().currency();
      for (String field : List.of("monthlyIncome", "monthlyExpenses")) {
        Object value = variables.get(field);
        Money.problem(value == null ? null : new BigDecimal(value.toString()), currency, true)
            .ifPresent(problem -> errors.add(TaskCompletionCheck.error(field, problem)));
      }
      plans.problems(task.caseId(), null, date(variables.get("planFirstDueDate")), "planFirstDueDate")
          .forEach((field, problem) -> errors.add(TaskCompletionCheck.error(field, problem)));
    }
    if (!errors.isEmpty()) {
      throw TaskCompletionCheck.invalid(errors);
    }
  }

  private static LocalDate date(Object value) {
    return value == null ? null : LocalDate.parse(value.toString().substring(0, 10));
  }
}
