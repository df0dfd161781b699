package io.recoverly.contact;

import io.recoverly.cases.Cases;
import io.recoverly.tasks.TaskCompleted;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The record of every outbound contact attempt: reminders (sent or blocked, with the guard's rule) and the agents'
 * calls and visits with their outcome. The compliance rules count these; the manager's KPIs read them.
 */
@Service
public class ContactAttempts {

  /** User tasks whose completion is a contact attempt, and the channel it used. */
  private static final java.util.Map<String, String> CONTACT_TASKS =
      java.util.Map.of("call-debtor", "CALL", "field-visit", "VISIT");

  private final JdbcClient jdbc;
  private final Cases cases;
  private final Clock clock;

  ContactAttempts(JdbcClient jdbc, Cases cases, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.clock = clock;
  }

  /** One attempt as the API shows it. */
  public record Attempt(long id, String channel, Instant attemptedAt, String outcome, Boolean guardAllowed,
      String guardRule, String agent, String notes) {}

  /** Records an attempt; an attempt with a known dedup key (a redelivered job) is recorded once. */
  public void record(UUID caseId, String channel, String outcome, Boolean guardAllowed, String guardRule, String agent,
      String notes, String dedupKey) {
    jdbc.sql(
            """
            insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent,
                                         notes, dedup_key)
            values (:caseId, :channel, :at, :outcome, :allowed, :rule, :agent, :notes, :dedup)
            on conflict (dedup_key) do nothing
            """)
        .param("caseId", caseId).param("channel", channel).param("at", Timestamp.from(clock.instant()))
        .param("outcome", outcome).param("allowed", guardAllowed).param("rule", guardRule).param("agent", agent)
        .param("notes", notes).param("dedup", dedupKey)
        .update();
  }

  @EventListener
  void onTaskCompleted(TaskCompleted completed) {
    String channel = CONTACT_TASKS.get(completed.elementId());
    if (channel == null || completed.caseId() == null) {
      return;
    }
    Object outcome = completed.variables().getOrDefault("callOutcome", completed.variables().get("visitOutcome"));
    Object notes = completed.variables().getOrDefault("callNotes", completed.variables().get("visitNotes"));
    Object agentId = completed.variables().get("visitAgentId");
    if (agentId != null) {
      // RBI fair practices: the recovery agent's identity is recorded with the visit
      notes = "recovery agent ID " + agentId + (notes == null ? "" : ": " + notes);
    }
    record(completed.caseId(), channel, outcome == null ? "UNKNOWN" : outcome.toString(), null, null, completed.user(),
        notes == null ? null : notes.toString(), "task:" + completed.taskId());
  }

  public List<Attempt> of(UUID caseId) {
    cases.get(caseId);
    return jdbc.sql("select * from contact_attempt where case_id = :id order by attempted_at, id").param("id", caseId)
        .query((rs, n) -> new Attempt(rs.getLong("id"), rs.getString("channel"),
            rs.getTimestamp("attempted_at").toInstant(), rs.getString("outcome"),
            (Boolean) rs.getObject("guard_allowed"), rs.getString("guard_rule"), rs.getString("agent"),
            rs.getString("notes")))
        .list();
  }
}
