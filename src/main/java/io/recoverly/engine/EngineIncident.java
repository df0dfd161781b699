package io.recoverly.engine;

/**
 * An incident: a step of a process that cannot continue until someone fixes the cause. Raised in two ways, one path
 * for both modes: a worker of this app failed a job's last retry ({@link Source#WORKER}, published by the node whose
 * worker failed it, in embedded and cluster mode alike), or the embedded engine's own feed saw one (expressions,
 * decisions, and the same job incidents with their incident key).
 *
 * @param rootProcessInstanceKey the outermost process instance (the case's), also for incidents in call activities;
 *     0 when not known (a worker sees only its job's own instance)
 * @param jobKey 0 for incidents that are not about a job
 * @param incidentKey the engine's key of the incident, 0 when not known (a worker's failure)
 * @param caseId the case the job's variables name, or null
 * @param jobType the job type, or null
 */
public record EngineIncident(
    long processInstanceKey,
    long rootProcessInstanceKey,
    String bpmnProcessId,
    String elementId,
    String errorType,
    String errorMessage,
    long jobKey,
    long incidentKey,
    String caseId,
    String jobType,
    Source source) {

  /** Who saw the incident. */
  public enum Source {
    WORKER,
    ENGINE
  }
}
