package io.recoverly.cases;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.recoverly.engine.Engine;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job workers that keep the case row in step with its process. Thin: job in, {@link CaseLifecycle} call, done.
 * Public only because the Camunda client invokes worker methods reflectively.
 */
@Component
public class CaseLifecycleWorkers {

  private final CaseLifecycle lifecycle;
  private final Engine engine;

  CaseLifecycleWorkers(CaseLifecycle lifecycle, Engine engine) {
    this.lifecycle = lifecycle;
    this.engine = engine;
  }

  /** Start execution listener on every stage element ({@code <stage>-stage}). */
  @JobWorker(type = "enter-stage", fetchVariables = {"caseId", "strategy"})
  public void enterStage(ActivatedJob job, @Variable String caseId, @Variable CaseLifecycle.Strategy strategy) {
    CaseStage stage =
        CaseStage.ofElementId(job.getElementId())
            .orElseThrow(
                () -> new IllegalStateException("element " + job.getElementId() + " is not a stage element"));
    lifecycle.enterStage(UUID.fromString(caseId), stage, strategy, engine.jobIdentity(job.getKey()));
  }

  @JobWorker(type = "close-case", fetchVariables = {"caseId", "outcome"})
  public void closeCase(ActivatedJob job, @Variable String caseId, @Variable String outcome) {
    lifecycle.close(UUID.fromString(caseId), outcome == null ? "CLOSED" : outcome, engine.jobIdentity(job.getKey()));
  }
}
