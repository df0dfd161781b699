package io.recoverly.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.security.Actor;
import io.recoverly.security.CurrentActor;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The case timeline: every event of a case, append-only, oldest first. Other capabilities record their events here
 * (a reminder sent, a stage entered, a payment applied).
 */
@Service
public class CaseTimeline {

  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ObjectMapper json;
  private final ApplicationEventPublisher events;
  private final CurrentActor current;
  private final JdbcTemplate jdbcTemplate;

  CaseTimeline(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock, ObjectMapper json,
      ApplicationEventPublisher events, CurrentActor current) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.current = current;
    this.clock = clock;
    this.json = json;
    this.events = events;
  }

  /**
   * Records an event at the engine clock's current time.
   *
   * @param dedupKey when not null, an event with the same key is recorded only once (redelivered jobs)
   * @return true when recorded, false when an event with this dedup key already exists
   */
  public boolean record(UUID caseId, String type, String summary, Map<String, ?> details, String dedupKey) {
    return record(caseId, type, summary, details, dedupKey, clock.instant());
  }

  /**
   * Records an event that happened at {@code at} (a person's action, before the process reacted to it), by the person
   * signed in on this thread (none on a worker's thread). The database audits it in the same statement (V21).
   */
  public boolean record(UUID caseId, String type, String summary, Map<String, ?> details, String dedupKey,
      java.time.Instant at) {
    Actor actor = current.find().orElse(null);
    int rows =
        jdbc.sql(
                """
                insert into case_event (case_id, occurred_at, type, summary, details, dedup_key, actor, actor_role)
                values (:caseId, :at, :type, :summary, cast(:details as jsonb), :dedupKey, :actor, :role)
                on conflict (dedup_key) do nothing
                """)
            .param("actor", actor == null ? null : actor.username())
            .param("role", actor == null ? null : actor.auditRole())
            .param("caseId", caseId)
            .param("at", Timestamp.from(at))
            .param("type", type)
            .param("summary", summary)
            .param("details", toJson(details))
            .param("dedupKey", dedupKey)
            .update();
    if (rows == 1) {
      events.publishEvent(new CaseEventRecorded(caseId, type, summary, details));
    }
    return rows == 1;
  }

  /** An event to record with {@link #recordAll}; a dedup key (or null) records it once. */
  record NewEvent(UUID caseId, String type, String summary, Map<String, ?> details, String dedupKey) {
    NewEvent(UUID caseId, String type, String summary, Map<String, ?> details) {
      this(caseId, type, summary, details, null);
    }
  }

  /** Records events at the engine clock's current time in one batch, by the current actor. */
  void recordAll(List<NewEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Actor actor = current.find().orElse(null);
    Timestamp at = Timestamp.from(clock.instant());
    jdbcTemplate.batchUpdate(
        """
        insert into case_event (case_id, occurred_at, type, summary, details, actor, actor_role, dedup_key)
        values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
        on conflict (dedup_key) do nothing
        """,
        batch.stream().map(e -> new Object[] {e.caseId(), at, e.type(), e.summary(), toJson(e.details()),
            actor == null ? null : actor.username(), actor == null ? null : actor.auditRole(), e.dedupKey()}).toList());
    batch.forEach(e -> events.publishEvent(new CaseEventRecorded(e.caseId(), e.type(), e.summary(), e.details())));
  }

  /** The events of a case, oldest first. */
  public List<CaseEvent> of(UUID caseId) {
    return jdbc.sql(
            "select id, occurred_at, type, summary, details from case_event where case_id = :caseId"
                + " order by occurred_at, id")
        .param("caseId", caseId)
        .query(
            (rs, n) ->
                new CaseEvent(
                    rs.getLong("id"),
                    rs.getTimestamp("occurred_at").toInstant(),
                    rs.getString("type"),
                    rs.getString("summary"),
                    fromJson(rs.getString("details"))))
        .list();
  }

  private String toJson(Map<String, ?> details) {
    if (details == null || details.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event details are not serialisable", e);
    }
  }

  private Map<String, Object> fromJson(String text) {
    if (text == null) {
      return Map.of();
    }
    try {
      // amounts keep the scale they were recorded with (1.00, not 1.0)
      return json.readerFor(DETAILS).with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .readValue(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored event details are not JSON", e);
    }
  }
}
