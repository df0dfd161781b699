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
    return Map.of("disputeId", dispute.id().toString(), "pausedStage", dispute.pausedStage());
  }

  @JobWorker(type = "resolve-dispute",
      fetchVariables = {"caseId", "disputeDecision", "disputeResolution", "adjustedBalance"})
  public void resolveDispute(@Variable String caseId, @Variable String disputeDecision,
      @Variable String disputeResolution, @Variable java.math.BigDecimal adjustedBalance) {
    disputes.resolve(UUID.fromString(caseId), disputeDecision, disputeResolution, adjustedBalance);
  }
}
