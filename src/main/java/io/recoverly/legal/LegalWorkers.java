package io.recoverly.legal;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job type {@code place-with-legal}. Public only for the Camunda client's reflection. */
@Component
public class LegalWorkers {

  private final LegalPlacements placements;

  LegalWorkers(LegalPlacements placements) {
    this.placements = placements;
  }

  @JobWorker(type = "place-with-legal", fetchVariables = {"caseId", "documentsSummary"})
  public void placeWithLegal(@Variable String caseId, @Variable String documentsSummary) {
    placements.place(UUID.fromString(caseId), documentsSummary);
  }
}
