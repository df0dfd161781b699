package io.recoverly.disputes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job types {@code open-dispute} and {@code resolve-dispute}. Public only for the Camunda client's reflection. */
@Component
public class DisputeWorkers {

  private final Disputes disputes;

  DisputeWorkers(Disputes disputes) {
    this.disputes = disputes;
  }

  @JobWorker(type = "open-dispute", fetchVariables = {"caseId", "callNotes"})
  public Map<String, Object> openDispute(@Variable String caseId, @Variable String callNotes) {
    var dispute = disputes.openRecorded(UUID.fromString(caseId), callNotes);
    return Map.of("disputeId", dispute.id().toString(), "pausedStage", dispute.pausedStage(), "disputeOpen", true);
  }

  @JobWorker(type = "resolve-dispute",
      fetchVariables = {"caseId", "disputeDecision", "disputeResolution", "adjustedBalance"})
  public Map<String, Object> resolveDispute(@Variable String caseId, @Variable String disputeDecision,
      @Variable String disputeResolution, @Variable java.math.BigDecimal adjustedBalance) {
    disputes.resolve(UUID.fromString(caseId), disputeDecision, disputeResolution, adjustedBalance);
    // a cease request that comes later goes straight to the supervisor's review: no dispute is waiting
    return Map.of("disputeOpen", false);
  }
}
