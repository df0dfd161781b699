package io.recoverly.cases;

import java.time.Instant;
import java.util.Map;

/** One entry of a case's timeline. */
public record CaseEvent(long id, Instant occurredAt, String type, String summary, Map<String, Object> details) {}
