package io.recoverly.contact;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.compliance.ContactGuard;
import io.recoverly.engine.Engine;
import io.recoverly.engine.TimerDates;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Job type {@code check-contact-allowed}: asks the contact guard before an agent contact (a call) is offered. Returns
 * {@code contactAllowedAt}: now when allowed, else the next allowed time, which the process waits for (rescheduled,
 * not dropped). A debtor with no phone gets no call: {@code contactRule} NO_PHONE sends the case to verification. A
 * block no time lifts (cease-communication, open dispute) is handled by the process's own events, so the call is
 * offered, and the inboxes show it as not workable with the guard's answer. Public only because the Camunda client invokes worker
 * methods reflectively.
 */
@Component
public class ContactCheckWorker {

  private final ContactAttempts attempts;
  private final CaseTimeline timeline;
  private final Engine engine;
  private final java.time.Clock clock;

  private final io.recoverly.cases.Cases cases;
  private final ReminderService reminders;

  ContactCheckWorker(ContactAttempts attempts, CaseTimeline timeline, Engine engine, java.time.Clock clock,
      io.recoverly.cases.Cases cases, ReminderService reminders) {
    this.cases = cases;
    this.reminders = reminders;
    this.attempts = attempts;
    this.timeline = timeline;
    this.engine = engine;
    this.clock = clock;
  }

  @JobWorker(type = "check-contact-allowed", fetchVariables = {"caseId", "contactChannel"})
  public Map<String, Object> check(ActivatedJob job, @Variable String caseId, @Variable String contactChannel) {
    String channel = contactChannel == null ? "CALL" : contactChannel;
    UUID id = UUID.fromString(caseId);
    // no collection call before the validation notice: send it now if none is on its way (the call then waits for it)
    reminders.ensureValidationNotice(id, engine.jobIdentity(job.getKey()));
    ContactGuard.Decision decision = attempts.check(id, channel);
    if ("NO_PHONE".equals(decision.rule())) {
      // no call task for a debtor with no phone: the process sends the case to verification (skip-tracing)
      timeline.record(id, "CONTACT_BLOCKED", "No call offered: no phone number on file; the debtor's details go to"
              + " verification", Map.of("channel", channel, "rule", decision.rule()), engine.jobIdentity(job.getKey()));
      Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1);
      cases.expectActivity(id, now);
      return Map.of("contactAllowedAt", TimerDates.instant(now), "contactRule", decision.rule());
    }
    // allowed: a moment already past, so the timer fires at once; held: the next allowed second
    Instant at = decision.nextAllowedAt() == null
        ? clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1) : decision.nextAllowedAt();
    if (decision.nextAllowedAt() != null) {
      timeline.record(id, "CONTACT_RESCHEDULED", channel + " held until " + at + ": " + decision.reason(),
          Map.of("channel", channel, "rule", decision.rule(), "nextAllowedAt", at.toString()),
          engine.jobIdentity(job.getKey()));
    }
    cases.expectActivity(id, at);
    return Map.of("contactAllowedAt", TimerDates.instant(at), "contactRule", decision.rule());
  }
}
