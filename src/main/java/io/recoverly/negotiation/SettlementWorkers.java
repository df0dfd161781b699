package io.recoverly.negotiation;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The settlement process's job types. Public only for the Camunda client's reflection. */
@Component
public class SettlementWorkers {

  private final Settlements settlements;

  private final io.recoverly.cases.Cases cases;

  SettlementWorkers(Settlements settlements, io.recoverly.cases.Cases cases) {
    this.settlements = settlements;
    this.cases = cases;
  }

  @JobWorker(type = "quote-settlement", fetchVariables = {"caseId"})
  public Map<String, Object> quote(@Variable String caseId) {
    UUID id = UUID.fromString(caseId);
    // the creditor is an input of the approval DMN: a lender may set tighter limits for its accounts
    return Map.of("currentBalance", settlements.currentBalance(id),
        "creditor", cases.contactPoints(id).map(io.recoverly.cases.Cases.ContactPoints::creditor).orElse(""));
  }

  @JobWorker(type = "agree-settlement", fetchVariables = {"caseId", "settlementAmount", "settlementApproval"})
  public Map<String, Object> agree(ActivatedJob job, @Variable String caseId, @Variable BigDecimal settlementAmount) {
    String group = approverGroup(job);
    var agreed = settlements.agree(UUID.fromString(caseId), settlementAmount, group);
    cases.expectActivity(UUID.fromString(caseId), java.time.Instant.parse(agreed.checkAt()));
    return Map.of("settlementId", agreed.id().toString(), "settlementCheckAt", agreed.checkAt());
  }

  @JobWorker(type = "decline-settlement",
      fetchVariables = {"caseId", "settlementAmount", "settlementApproval", "settlementDecision", "settlementNotes"})
  public void decline(ActivatedJob job, @Variable String caseId, @Variable BigDecimal settlementAmount,
      @Variable String settlementNotes) {
    String group = approverGroup(job);
    String reason = "NOT_ALLOWED".equals(group)
        ? "beyond the policy limit (" + limit(job) + ")"
        : "refused by " + group + (settlementNotes == null || settlementNotes.isBlank() ? "" : ": " + settlementNotes);
    settlements.decline(UUID.fromString(caseId), settlementAmount, group, reason);
  }

  @JobWorker(type = "check-settlement", fetchVariables = {"caseId"})
  public Map<String, Object> check(@Variable String caseId) {
    return Map.of("settlementPaid", settlements.checkDue(UUID.fromString(caseId)));
  }

  private static String approverGroup(ActivatedJob job) {
    return String.valueOf(approval(job).get("approverGroup"));
  }

  private static String limit(ActivatedJob job) {
    return String.valueOf(approval(job).get("limit"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> approval(ActivatedJob job) {
    Object approval = job.getVariablesAsMap().get("settlementApproval");
    return approval instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
