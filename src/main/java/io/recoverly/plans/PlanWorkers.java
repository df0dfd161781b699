package io.recoverly.plans;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Payment plan job types. Public only for the Camunda client's reflection. */
@Component
public class PlanWorkers {

  private final PaymentPlans plans;

  private final io.recoverly.cases.Cases cases;

  PlanWorkers(PaymentPlans plans, io.recoverly.cases.Cases cases) {
    this.plans = plans;
    this.cases = cases;
  }

  @JobWorker(type = "create-payment-plan",
      fetchVariables = {"caseId", "planInstallments", "planFrequency", "planFirstDueDate"})
  public Map<String, Object> createPlan(@Variable String caseId, @Variable BigDecimal planInstallments,
      @Variable String planFrequency, @Variable String planFirstDueDate) {
    UUID plan = plans.create(UUID.fromString(caseId), planInstallments == null ? 0 : planInstallments.intValue(),
        planFrequency, planFirstDueDate == null ? null : LocalDate.parse(planFirstDueDate.substring(0, 10)));
    return Map.of("planId", plan.toString(), "planCreated", true);
  }

  @JobWorker(type = "create-affordable-plan",
      fetchVariables = {"caseId", "monthlyIncome", "monthlyExpenses", "hardshipReason", "planFirstDueDate"})
  public Map<String, Object> createAffordablePlan(@Variable String caseId, @Variable BigDecimal monthlyIncome,
      @Variable BigDecimal monthlyExpenses, @Variable String hardshipReason, @Variable String planFirstDueDate) {
    var plan = plans.createAffordable(UUID.fromString(caseId), monthlyIncome, monthlyExpenses, hardshipReason,
        LocalDate.parse(planFirstDueDate.substring(0, 10)));
    Map<String, Object> variables = new HashMap<>();
    variables.put("planCreated", plan.isPresent());
    variables.put("planId", plan.map(UUID::toString).orElse(null));
    return variables;
  }

  @JobWorker(type = "schedule-installment", fetchVariables = {"caseId"})
  public Map<String, Object> schedule(@Variable String caseId) {
    PaymentPlans.Schedule schedule = plans.schedule(UUID.fromString(caseId));
    if (schedule.open()) {
      cases.expectActivity(UUID.fromString(caseId), java.time.Instant.parse(schedule.nextCheckAt()));
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("planOpen", schedule.open());
    variables.put("nextInstallmentCheckAt", schedule.nextCheckAt());
    return variables;
  }

  @JobWorker(type = "check-installment", fetchVariables = {"caseId"})
  public Map<String, Object> check(@Variable String caseId) {
    PaymentPlans.InstallmentCheck check = plans.checkDue(UUID.fromString(caseId));
    return Map.of("installmentPaid", check.paid(), "planBroken", check.planBroken());
  }
}
