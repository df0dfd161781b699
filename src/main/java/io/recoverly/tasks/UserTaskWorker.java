package io.recoverly.tasks;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Takes every job-based user task into the task store. The job stays activated (not completed) until an agent
 * completes the task; the long timeout keeps the engine from handing it out again meanwhile, and a redelivery is
 * harmless (stored once per job). Public only because the Camunda client invokes worker methods reflectively.
 */
@Component
public class UserTaskWorker {

  /** 10 years: a user task waits for a person, not for a worker. */
  static final long TIMEOUT_MS = 10L * 365 * 24 * 3600 * 1000;

  private final Tasks tasks;

  UserTaskWorker(Tasks tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = "io.camunda.zeebe:userTask", autoComplete = false, timeout = TIMEOUT_MS,
      fetchVariables = {"caseId"})
  public void take(ActivatedJob job) {
    tasks.store(job);
  }
}
