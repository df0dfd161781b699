package io.recoverly.engine;

/**
 * An incident the embedded engine raised: a step of a process that cannot continue until someone fixes the cause
 * (a failing expression or decision, a job out of retries).
 *
 * @param rootProcessInstanceKey the outermost process instance (the case's), also for incidents in call activities
 */
public record EngineIncident(
    long processInstanceKey,
    long rootProcessInstanceKey,
    String bpmnProcessId,
    String elementId,
    String errorType,
    String errorMessage,
    long jobKey) {}
