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

  ReminderWorker(ReminderService reminders, Engine engine) {
    this.reminders = reminders;
    this.engine = engine;
  }

  /**
   * @param channel the strategy's first channel
   * @param contactCycles completed contact cycles so far: the channel rotates with them
   */
  @JobWorker(type = "send-reminder", fetchVariables = {"caseId", "channel", "contactCycles"})
  public Map<String, Object> sendReminder(ActivatedJob job, @Variable String caseId, @Variable String channel,
      @Variable Integer contactCycles) {
    var result = reminders.sendReminder(UUID.fromString(caseId),
        ReminderService.channelForCycle(channel, contactCycles == null ? 0 : contactCycles),
        engine.jobIdentity(job.getKey()));
    return Map.of("lastReminderChannel", result.channel() == null ? "NONE" : result.channel().name());
  }
}
