package io.recoverly.contact;

import io.recoverly.cases.Cases;
import io.recoverly.tasks.TaskCompleted;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import io.recoverly.compliance.ContactGuard;
import java.util.List;
import java.util.Map;
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
  private final ContactGuard guard;

  private final Voicemails voicemails;

  ContactAttempts(JdbcClient jdbc, Cases cases, Clock clock, ContactGuard guard, Voicemails voicemails) {
    this.voicemails = voicemails;
    this.jdbc = jdbc;
    this.cases = cases;
    this.clock = clock;
    this.guard = guard;
  }

  /** The guard's decision for contacting the case's debtor on this channel now, with the case's call history. */
  public ContactGuard.Decision check(UUID caseId, String channel) {
    return check(guard.facts(caseId), channel);
  }

  /** The same decision, by the case's facts as the caller read them (one read for several channels). */
  ContactGuard.Decision check(ContactGuard.Facts facts, String channel) {
    // only calls are capped and cooled down: a written reminder does not need the call history read
    return guard.check(facts, channel,
        "CALL".equalsIgnoreCase(channel) ? callHistory(facts.caseId()) : ContactGuard.CallHistory.NONE);
  }

  /**
   * The guard's decision for handing a queued message to the provider now: collection messages wait for the
   * validation notice to be sent; the notice itself does not wait for itself.
   */
  ContactGuard.Decision checkDelivery(ContactGuard.Facts facts, String channel, boolean isValidationNotice) {
    return guard.checkDelivery(facts, channel,
        "CALL".equalsIgnoreCase(channel) ? callHistory(facts.caseId()) : ContactGuard.CallHistory.NONE,
        isValidationNotice);
  }

  /** The guard's facts about a case, for {@link #check(ContactGuard.Facts, String)}. */
  /** The guard's decision for a message the rules require (the validation notice, a dispute's verification). */
  ContactGuard.Decision checkRequired(ContactGuard.Facts facts, String channel) {
    return guard.checkRequired(facts, channel, callHistory(facts.caseId()));
  }

  ContactGuard.Facts facts(UUID caseId) {
    return guard.facts(caseId);
  }

  /** The channel of a user task that is a contact (call-debtor: CALL, field-visit: VISIT), or null. */
  static String contactChannel(String elementId) {
    return CONTACT_TASKS.get(elementId);
  }

  /** Call outcomes that mean the debtor was reached: a telephone conversation (Regulation F's 7-day rule). */
  static final java.util.Set<String> CONVERSATIONS = java.util.Set.of("RIGHT_PARTY_CONTACT", "PROMISE_TO_PAY",
      "SETTLEMENT_REQUESTED", "PLAN_REQUESTED", "HARDSHIP", "DISPUTE", "REFUSED");

  /**
   * Outcomes of a call or a field visit in which someone talked to the debtor: a right-party contact. The KPIs count
   * them, and a payment is credited to the person who had the last one.
   */
  public static final java.util.Set<String> RIGHT_PARTY_OUTCOMES =
      java.util.stream.Stream.concat(CONVERSATIONS.stream(), java.util.stream.Stream.of("MET_DEBTOR", "PAYMENT_COLLECTED"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** How long after a conversation a payment is still credited to the person who had it. */
  public static final java.time.Duration ATTRIBUTION_WINDOW = java.time.Duration.ofDays(30);

  /**
   * Who gets the credit for a payment made at {@code paidAt}: the person who had the case's latest right-party
   * conversation (call or visit) in the {@link #ATTRIBUTION_WINDOW} before it; empty when nobody did.
   */
  public java.util.Optional<String> creditedFor(UUID caseId, Instant paidAt) {
    return jdbc.sql("""
            select agent from contact_attempt
             where case_id = :caseId and agent is not null and outcome in (:outcomes)
               and attempted_at <= :at and attempted_at > :since
             order by attempted_at desc, id desc limit 1
            """)
        .param("caseId", caseId).param("outcomes", RIGHT_PARTY_OUTCOMES)
        .param("at", java.sql.Timestamp.from(paidAt))
        .param("since", java.sql.Timestamp.from(paidAt.minus(ATTRIBUTION_WINDOW)))
        .query(String.class).optional();
  }

  /** One attempt as the API shows it, with the guard's decision (and, when blocked, the next allowed time). */
  public record Attempt(long id, String channel, Instant attemptedAt, String outcome, Boolean guardAllowed,
      String guardRule, Instant nextAllowedAt, String agent, String notes) {}

  /** Records an attempt made now; an attempt with a known dedup key (a redelivered job) is recorded once. */
  public void record(UUID caseId, String channel, String outcome, ContactGuard.Decision decision, String agent,
      String notes, String dedupKey) {
    record(caseId, channel, outcome, decision, agent, notes, dedupKey, clock.instant());
  }

  private void record(UUID caseId, String channel, String outcome, ContactGuard.Decision decision, String agent,
      String notes, String dedupKey, Instant at) {
    jdbc.sql(
            """
            insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent,
                                         notes, dedup_key, next_allowed_at)
            values (:caseId, :channel, :at, :outcome, :allowed, :rule, :agent, :notes, :dedup, :next)
            on conflict (dedup_key) do nothing
            """)
        .param("caseId", caseId).param("channel", channel).param("at", Timestamp.from(at))
        .param("outcome", outcome).param("allowed", decision == null ? null : decision.allowed())
        .param("rule", decision == null ? null : decision.rule()).param("agent", agent)
        .param("notes", notes).param("dedup", dedupKey)
        .param("next", decision == null || decision.nextAllowedAt() == null ? null
            : Timestamp.from(decision.nextAllowedAt()))
        .update();
  }

  /** The calls of the case in the last 60 days, for the guard's call cap and conversation cool-down. */
  public ContactGuard.CallHistory callHistory(UUID caseId) {
    Instant since = clock.instant().minus(java.time.Duration.ofDays(60));
    List<Map.Entry<Instant, String>> calls = jdbc.sql("""
            select attempted_at, outcome from contact_attempt
             where case_id = :id and channel = 'CALL' and attempted_at > :since
               and (guard_allowed is null or guard_allowed)
            """)
        .param("id", caseId).param("since", Timestamp.from(since))
        .query((rs, n) -> Map.entry(rs.getTimestamp("attempted_at").toInstant(), rs.getString("outcome"))).list();
    Instant lastConversation = calls.stream().filter(c -> CONVERSATIONS.contains(c.getValue()))
        .map(Map.Entry::getKey).max(Instant::compareTo).orElse(null);
    return new ContactGuard.CallHistory(calls.stream().map(Map.Entry::getKey).toList(), lastConversation);
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
    // the notes are shown in the contact history to everyone who may see the case: contact details in them are masked
    String said = notes == null ? null : io.recoverly.cases.PiiMask.scrubText(notes.toString());
    if ("LEFT_VOICEMAIL".equals(String.valueOf(outcome))) {
      // what was left is the limited-content message compliance approved (12 CFR 1006.2(j)), and the record says so
      // word for word (its only number is the collector's)
      said = voicemails.record(completed.caseId()) + (said == null || said.isBlank() ? "" : " — " + said);
    }
    // the completion was checked just before it happened, in the same transaction (ContactTaskCheck: a refusal is a 409
    // and no completion), so the decision that let it through is "allowed"; a late record (the task had been canceled:
    // not checked, the contact already happened) carries what the guard says of it now
    ContactGuard.Decision decision = completed.late() ? check(completed.caseId(), channel) : ContactGuard.Decision.allow();
    record(completed.caseId(), channel, outcome == null ? "UNKNOWN" : outcome.toString(), decision,
        completed.user(), said, "task:" + completed.taskId(), completed.at());
  }

  public List<Attempt> of(UUID caseId) {
    cases.get(caseId);
    return jdbc.sql("select * from contact_attempt where case_id = :id order by attempted_at, id").param("id", caseId)
        .query((rs, n) -> new Attempt(rs.getLong("id"), rs.getString("channel"),
            rs.getTimestamp("attempted_at").toInstant(), rs.getString("outcome"),
            (Boolean) rs.getObject("guard_allowed"), rs.getString("guard_rule"),
            rs.getTimestamp("next_allowed_at") == null ? null : rs.getTimestamp("next_allowed_at").toInstant(),
            rs.getString("agent"), rs.getString("notes")))
        .list();
  }
}
