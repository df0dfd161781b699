package io.recoverly.contact;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.recoverly.engine.Engine;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job type {@code send-reminder}. Public only because the Camunda client invokes worker methods reflectively. */
@Component
public class ReminderWorker {

  private final ReminderService reminders;
  private final Engine engine;
  private final io.recoverly.cases.Cases cases;
  private final java.time.Clock clock;
  private final io.recoverly.compliance.Limitations limitations;

  ReminderWorker(ReminderService reminders, Engine engine, io.recoverly.cases.Cases cases, java.time.Clock clock,
      io.recoverly.compliance.Limitations limitations) {
    this.limitations = limitations;
    this.reminders = reminders;
    this.engine = engine;
    this.cases = cases;
    this.clock = clock;
  }

  /**
   * @param channel the strategy's first channel
   * @param contactCycles completed contact cycles so far: the channel rotates with them
   */
  @JobWorker(type = "send-reminder", fetchVariables = {"caseId", "channel", "contactCycles", "strategy"})
  public Map<String, Object> sendReminder(ActivatedJob job, @Variable String caseId, @Variable String channel,
      @Variable Integer contactCycles, @Variable Map<String, Object> strategy) {
    var result = reminders.sendReminder(UUID.fromString(caseId),
        ReminderService.channelForCycle(channel, contactCycles == null ? 0 : contactCycles),
        engine.jobIdentity(job.getKey()));
    // the process waits the strategy's cadence for an answer (timer wait-for-response)
    cadence(strategy).ifPresent(wait -> cases.expectActivity(UUID.fromString(caseId), clock.instant().plus(wait)));
    // whether the debt is time-barred now: the next cycle's escalation decision reads it (12 CFR 1006.26(b))
    return Map.of("lastReminderChannel", result.channel() == null ? "NONE" : result.channel().name(),
        "timeBarred", limitations.of(UUID.fromString(caseId)).timeBarred());
  }

  /** The strategy's cadence (an ISO 8601 duration or period: PT12H, P5D, P1W). */
  static java.util.Optional<java.time.Duration> cadence(Map<String, Object> strategy) {
    Object cadence = strategy == null ? null : strategy.get("cadence");
    if (cadence == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(java.time.Duration.parse(cadence.toString()));
    } catch (java.time.format.DateTimeParseException e) {
      try {
        java.time.Period period = java.time.Period.parse(cadence.toString());
        return java.util.Optional.of(java.time.Duration.ofDays(period.getDays() + period.toTotalMonths() * 31));
      } catch (java.time.format.DateTimeParseException f) {
        return java.util.Optional.empty();
      }
    }
  }
}
