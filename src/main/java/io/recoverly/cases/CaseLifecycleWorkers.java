package io.recoverly.cases;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.recoverly.engine.Engine;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job workers that keep the case row in step with its process. Thin: job in, {@link CaseLifecycle} call, done.
 * Public only because the Camunda client invokes worker methods reflectively.
 */
@Component
public class CaseLifecycleWorkers {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CaseLifecycleWorkers.class);

  private final CaseLifecycle lifecycle;
  private final Engine engine;
  private final CamundaClient client;

  CaseLifecycleWorkers(CaseLifecycle lifecycle, Engine engine, CamundaClient client) {
    this.lifecycle = lifecycle;
    this.engine = engine;
    this.client = client;
  }

  /** Start execution listener on every stage element ({@code <stage>-stage}). */
  @JobWorker(type = "enter-stage", fetchVariables = {"caseId", "strategy"}, autoComplete = false)
  public void enterStage(JobClient jobs, ActivatedJob job, @Variable String caseId,
      @Variable CaseLifecycle.Strategy strategy) {
    CaseStage stage =
        CaseStage.ofElementId(job.getElementId())
            .orElseThrow(
                () -> new IllegalStateException("element " + job.getElementId() + " is not a stage element"));
    UUID id = UUID.fromString(caseId);
    if (!lifecycle.enterStage(id, job.getProcessInstanceKey(), stage, strategy, engine.jobIdentity(job.getKey()),
        engine.incarnation())) {
      // a second instance for a case that has one (a start whose answer was lost, then retried): it must not contact
      log.warn("Case {} already has a process instance: canceling the duplicate {}", id, job.getProcessInstanceKey());
      client.newCancelInstanceCommand(job.getProcessInstanceKey()).send().join();
      return;
    }
    jobs.newCompleteCommand(job.getKey()).send().join();
  }

  @JobWorker(type = "close-case", fetchVariables = {"caseId", "outcome"})
  public void closeCase(ActivatedJob job, @Variable String caseId, @Variable String outcome) {
    lifecycle.close(UUID.fromString(caseId), outcome == null ? "CLOSED" : outcome, engine.jobIdentity(job.getKey()));
  }
}
