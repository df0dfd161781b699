package io.recoverly.contact;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.cases.Cases.ContactPoints;
import io.recoverly.compliance.ContactGuard;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a payment reminder on the case's channel and records the attempt on the timeline. When the debtor has no
 * address for the chosen channel, the reminder falls to the next channel that has one (SMS → email → letter), and the
 * timeline says so.
 */
@Service
public class ReminderService {

  private final Cases cases;
  private final CaseTimeline timeline;
  private final ChannelAdapter adapter;
  private final ContactGuard guard;
  private final ContactAttempts attempts;

  ReminderService(Cases cases, CaseTimeline timeline, ChannelAdapter adapter, ContactGuard guard,
      ContactAttempts attempts) {
    this.attempts = attempts;
    this.cases = cases;
    this.timeline = timeline;
    this.adapter = adapter;
    this.guard = guard;
  }

  /** The outcome of one reminder: the channel used, or none when the debtor cannot be reached at all. */
  public record ReminderResult(Channel channel, boolean sent) {}

  /** Written channels in rotation order. */
  private static final List<Channel> ROTATION = List.of(Channel.SMS, Channel.EMAIL, Channel.LETTER);

  /**
   * The channel of contact cycle {@code cycle} (0 = the first): written channels rotate SMS → email → letter, starting
   * at the strategy's first channel (a strategy that opens with a call starts at SMS).
   */
  public static String channelForCycle(String firstChannel, int cycle) {
    Channel first = Channel.parse(firstChannel);
    int start = Math.max(0, ROTATION.indexOf(first == Channel.CALL ? Channel.SMS : first));
    return ROTATION.get((start + Math.max(0, cycle)) % ROTATION.size()).name();
  }

  @Transactional
  public ReminderResult sendReminder(UUID caseId, String requestedChannel, String dedupKey) {
    ContactPoints to =
        cases.contactPoints(caseId).orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
    Channel requested = Channel.parse(requestedChannel);
    // a strategy that opens with an agent call still gets a written reminder first: by SMS
    Channel preferred = requested == Channel.CALL ? Channel.SMS : requested;
    Channel channel = reachable(preferred, to);
    ContactGuard.Decision decision = guard.check(caseId, channel == null ? preferred.name() : channel.name());
    if (!decision.allowed()) {
      timeline.record(caseId, "CONTACT_BLOCKED", "Reminder not sent: " + decision.reason(),
          Map.of("rule", decision.rule(), "channel", String.valueOf(channel)), dedupKey);
      attempts.record(caseId, String.valueOf(channel == null ? preferred : channel), "BLOCKED", false, decision.rule(),
          null, decision.reason(), dedupKey);
      return new ReminderResult(null, false);
    }
    if (channel == null) {
      attempts.record(caseId, preferred.name(), "NO_CONTACT_POINT", true, decision.rule(), null,
          "no phone, email or address on file", dedupKey);
      timeline.record(
          caseId,
          "CONTACT_IMPOSSIBLE",
          "No phone, email or address on file: reminder not sent",
          Map.of("requestedChannel", requested.name()),
          dedupKey);
      return new ReminderResult(null, false);
    }
    String body =
        "Dear %s, your account %s is overdue with %s %s outstanding. Please pay or call us to agree a plan."
            .formatted(to.name(), to.accountRef(), to.balance().toPlainString(), to.currency());
    boolean queued =
        adapter.send(new OutboundMessage(caseId, channel, "payment-reminder", recipient(channel, to), body, dedupKey));
    if (queued) {
      attempts.record(caseId, channel.name(), "SENT", true, decision.rule(), null, null, dedupKey);
      timeline.record(
          caseId,
          "REMINDER_SENT",
          "Payment reminder sent by " + channel
              + (channel == preferred ? "" : " (no " + preferred + " contact on file)"),
          Map.of("channel", channel.name(), "template", "payment-reminder"),
          dedupKey);
    }
    return new ReminderResult(channel, true);
  }

  private static Channel reachable(Channel preferred, ContactPoints to) {
    Channel[] order = {preferred, Channel.SMS, Channel.EMAIL, Channel.LETTER};
    for (Channel channel : order) {
      if (recipient(channel, to) != null) {
        return channel;
      }
    }
    return null;
  }

  private static String recipient(Channel channel, ContactPoints to) {
    return switch (channel) {
      case SMS, CALL -> to.phone();
      case EMAIL -> to.email();
      case LETTER -> to.address();
    };
  }
}
