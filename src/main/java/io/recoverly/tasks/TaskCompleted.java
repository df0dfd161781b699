package io.recoverly.tasks;

import java.util.Map;
import java.util.UUID;

/**
 * Published in the completing transaction when a person completes a task.
 *
 * @param at when the person submitted it (before the process moved on)
 * @param late the task had been canceled (the case moved on, or closed) while the person worked it: the submission is
 *     on record, the process does not take it
 */
public record TaskCompleted(UUID taskId, UUID caseId, String elementId, String user, Map<String, Object> variables,
    java.time.Instant at, boolean late) {}
