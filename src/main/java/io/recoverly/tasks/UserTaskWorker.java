package io.recoverly.tasks;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Takes every job-based user task into the task store. The job stays activated (not completed) until an agent
 * completes the task. It is activated with a short timeout ({@code camunda.client.worker.override
 * [io.camunda.zeebe:userTask].timeout}, 5 minutes by default) and held for {@link #TIMEOUT_MS} only once its task is
 * on record: a node killed between the activation and its commit leaves the job to come back to another node within
 * the short timeout, not in ten years. A redelivery is harmless (stored once per job, held again). Public only
 * because the Camunda client invokes worker methods reflectively.
 */
@Component
public class UserTaskWorker {

  /** 10 years: a user task waits for a person, not for a worker. */
  static final long TIMEOUT_MS = 10L * 365 * 24 * 3600 * 1000;

  /** The activation timeout until the task is on record (overridable per job type, see above). */
  static final long ACTIVATION_TIMEOUT_MS = 5L * 60 * 1000;

  private final Tasks tasks;
  private final io.recoverly.engine.EngineJobs jobs;

  UserTaskWorker(Tasks tasks, io.recoverly.engine.EngineJobs jobs) {
    this.tasks = tasks;
    this.jobs = jobs;
  }

  // every variable: the task keeps those its form's text names (FormTemplateData), whichever they are
  @JobWorker(type = "io.camunda.zeebe:userTask", autoComplete = false, timeout = ACTIVATION_TIMEOUT_MS,
      fetchAllVariables = true)
  public void take(ActivatedJob job) {
    tasks.store(job);
    // committed: now the job waits for a person
    jobs.hold(job.getKey(), java.time.Duration.ofMillis(TIMEOUT_MS));
  }
}
