package io.recoverly.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.security.Actor;
import io.recoverly.security.CurrentActor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The append-only audit trail (table audit_event): who (a signed-in person, or the process's workers), in which role,
 * did what, when, to which case or task, with the state before and after. Every case timeline event is audited with
 * the person behind it by the database itself (trigger {@code case_event_audit}, V21: the timeline names the actor);
 * changes outside a case (policies, scripts, opt-outs, reveals) are recorded here explicitly. There is no update or
 * delete here, and the database refuses both (trigger).
 */
@Service
public class AuditTrail {

  /** The actor of changes made by BPMN job workers and schedulers. */
  static final String SYSTEM = "system";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ObjectMapper json;
  private final CurrentActor current;

  AuditTrail(JdbcClient jdbc, Clock clock, ObjectMapper json, CurrentActor current) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.json = json;
    this.current = current;
  }

  /** One audited change. */
  public record AuditEvent(long id, Instant occurredAt, String actor, String actorRole, String action, UUID caseId,
      UUID taskId, String summary, JsonNode before, JsonNode after) {}

  /** Records a change by the current actor (the signed-in person, else the system). */
  public void record(String action, UUID caseId, UUID taskId, String summary, Object before, Object after) {
    Actor actor = current.find().orElse(null);
    String role = role(actor);
    jdbc.sql("""
            insert into audit_event (occurred_at, actor, actor_role, action, case_id, task_id, summary, before, after)
            values (:at, :actor, :role, :action, :caseId, :taskId, :summary, cast(:before as jsonb),
                    cast(:after as jsonb))
            """)
        .param("at", Timestamp.from(clock.instant())).param("actor", actor == null ? SYSTEM : actor.username())
        .param("role", role).param("action", action).param("caseId", caseId).param("taskId", taskId)
        .param("summary", summary.length() > 500 ? summary.substring(0, 497) + "..." : summary)
        .param("before", toJson(before)).param("after", toJson(after))
        .update();
  }

  @EventListener
  void onModelsDeployed(io.recoverly.models.ModelsDeployed deployed) {
    for (var model : deployed.models()) {
      record("MODEL_DEPLOYED", null, null, model.type() + " " + model.modelId() + " v" + model.version()
          + " deployed from " + model.resourceName() + " by " + deployed.deployedBy(), null, model);
    }
  }

  @EventListener
  void onRolesChanged(io.recoverly.security.UserRolesChanged changed) {
    record("ROLES_CHANGED", null, null, "Roles and queues of " + changed.username() + " changed", changed.before(),
        changed.after());
  }

  @EventListener
  void onLoginThrottled(io.recoverly.security.LoginThrottled throttled) {
    record("LOGIN_THROTTLED", null, null, "Sign-in throttled for " + throttled.key() + " until " + throttled.until()
        + " after repeated failures", null, java.util.Map.of("username", throttled.username(), "address",
        throttled.address(), "until", throttled.until().toString()));
  }

  @EventListener
  void onClockAdvanced(io.recoverly.engine.EngineClockAdvanced advanced) {
    record("CLOCK_ADVANCED", null, null, "Engine clock advanced by " + advanced.by(), null,
        java.util.Map.of("by", advanced.by().toString(), "now", advanced.now().toString()));
  }

  @EventListener
  void onIncidentRetried(io.recoverly.cases.CaseIncidents.IncidentRetried retried) {
    if (retried.caseId() != null) {
      return; // on the case's timeline, which the database audits
    }
    record("INCIDENT_RETRIED", retried.caseId(), null, "Incident " + retried.incidentId() + " retried by "
        + retried.by() + (retried.resolved() ? "" : ": " + retried.detail()), null,
        java.util.Map.of("incidentId", retried.incidentId().toString(), "resolved", retried.resolved(),
            "detail", retried.detail()));
  }

  /** The latest audited changes of one action whose summary starts with {@code summaryPrefix}, newest first. */
  public List<AuditEvent> changes(String action, String summaryPrefix, int limit) {
    return jdbc.sql("select * from audit_event where action = :action and summary like :prefix escape '\\'"
            + " order by occurred_at desc, id desc limit :limit")
        .param("action", action).param("prefix", summaryPrefix.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_") + "%").param("limit", limit)
        .query((rs, n) -> new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
            rs.getString("actor"), rs.getString("actor_role"), rs.getString("action"),
            rs.getObject("case_id", UUID.class), rs.getObject("task_id", UUID.class), rs.getString("summary"),
            fromJson(rs.getString("before")), fromJson(rs.getString("after"))))
        .list();
  }

  /** The audit trail of one case, oldest first (export). */
  public List<AuditEvent> ofCase(UUID caseId) {
    return jdbc.sql("select * from audit_event where case_id = :id order by occurred_at, id").param("id", caseId)
        .query((rs, n) -> new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
            rs.getString("actor"), rs.getString("actor_role"), rs.getString("action"),
            rs.getObject("case_id", UUID.class), rs.getObject("task_id", UUID.class), rs.getString("summary"),
            fromJson(rs.getString("before")), fromJson(rs.getString("after"))))
        .list();
  }

  private static String role(Actor actor) {
    return actor == null ? "WORKER" : actor.auditRole();
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot audit " + value.getClass().getSimpleName(), e);
    }
  }

  private JsonNode fromJson(String text) {
    try {
      // amounts keep the scale they were recorded with (1.00, not 1.0)
      return text == null ? null : json.reader()
          .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .without(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable audit row", e);
    }
  }
}
