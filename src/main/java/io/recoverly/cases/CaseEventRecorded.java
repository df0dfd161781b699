package io.recoverly.cases;

import java.util.Map;
import java.util.UUID;

/** Published (synchronously, in the recording transaction) when an event lands on a case's timeline. */
public record CaseEventRecorded(UUID caseId, String type, String summary, Map<String, ?> details) {}
