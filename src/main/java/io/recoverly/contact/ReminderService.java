package io.recoverly.contact;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases.ContactPoints;
import io.recoverly.compliance.ContactGuard;
import io.recoverly.compliance.ValidationNotices;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private final CaseTimeline timeline;
  private final ChannelAdapter adapter;
  private final ContactAttempts attempts;
  private final ValidationNotices notices;
  private final io.recoverly.compliance.MessageTemplates templates;
  private final java.time.Clock clock;
  private final io.recoverly.compliance.Limitations limitations;
  private final io.recoverly.disputes.Disputes disputes;

  ReminderService(CaseTimeline timeline, ChannelAdapter adapter, ContactAttempts attempts,
      ValidationNotices notices, io.recoverly.compliance.MessageTemplates templates, java.time.Clock clock,
      io.recoverly.compliance.Limitations limitations, io.recoverly.disputes.Disputes disputes) {
    this.limitations = limitations;
    this.disputes = disputes;
    this.templates = templates;
    this.clock = clock;
    this.attempts = attempts;
    this.timeline = timeline;
    this.adapter = adapter;
    this.notices = notices;
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

  /**
   * Sends the reminder of one contact cycle. The guard decides first: a permanent block (cease-communication, open
   * dispute) sends nothing; a block by the contact hours queues the message for the next allowed time (rescheduled,
   * not dropped). Opted-out channels are skipped like missing ones. In a jurisdiction that requires it, the first
   * reminder comes with the validation notice.
   */
  @Transactional
  public ReminderResult sendReminder(UUID caseId, String requestedChannel, String dedupKey) {
    // what the guard reads about the case, read once for the reminder and its validation notice
    ContactGuard.Facts facts = attempts.facts(caseId);
    ContactPoints to = facts.debtor();
    Channel requested = Channel.parse(requestedChannel);
    // a strategy that opens with an agent call still gets a written reminder first: by SMS
    Channel preferred = requested == Channel.CALL ? Channel.SMS : requested;
    Set<String> optedOut = facts.optedOut();
    Channel channel = reachable(preferred, facts);
    ContactGuard.Decision decision = attempts.check(facts, channel == null ? preferred.name() : channel.name());
    if (!decision.allowed() && decision.nextAllowedAt() == null) {
      timeline.record(caseId, "CONTACT_BLOCKED", "Reminder not sent: " + decision.reason(),
          Map.of("rule", decision.rule(), "channel", String.valueOf(channel)), dedupKey);
      attempts.record(caseId, String.valueOf(channel == null ? preferred : channel), "BLOCKED", decision, null,
          decision.reason(), dedupKey);
      return new ReminderResult(null, false);
    }
    if (channel == null) {
      attempts.record(caseId, preferred.name(), "NO_CONTACT_POINT", decision, null,
          optedOut.isEmpty() ? "no phone, email or address on file"
              : "no channel left: opted out of " + optedOut + ", nothing else on file", dedupKey);
      timeline.record(
          caseId,
          "CONTACT_IMPOSSIBLE",
          "No reachable channel on file: reminder not sent",
          Map.of("requestedChannel", requested.name()),
          dedupKey);
      return new ReminderResult(null, false);
    }
    if (facts.validationNoticeDue() && !sendValidationNotice(facts, dedupKey)) {
      // no collection communication without the notice, and nothing can carry it
      ContactGuard.Decision blocked = new ContactGuard.Decision(false, "VALIDATION_NOTICE_REQUIRED",
          "the validation notice cannot be delivered (no address, e-mail or phone the debtor can receive)", null);
      timeline.record(caseId, "CONTACT_BLOCKED", "Reminder not sent: " + blocked.reason(),
          Map.of("rule", blocked.rule(), "channel", channel.name()), dedupKey);
      attempts.record(caseId, channel.name(), "BLOCKED", blocked, null, blocked.reason(), dedupKey);
      return new ReminderResult(null, false);
    }
    var words = words("payment-reminder", channel, facts, null);
    if (words.isEmpty()) {
      // the words compliance approved, or none: a message without its required parts is not sent
      ContactGuard.Decision blocked = new ContactGuard.Decision(false, "NO_TEMPLATE", "no payment-reminder template"
          + " for " + channel + " in " + to.jurisdiction() + ": compliance adds one", null);
      timeline.record(caseId, "CONTACT_BLOCKED", "Reminder not sent: " + blocked.reason(),
          Map.of("rule", blocked.rule(), "channel", channel.name()), dedupKey);
      attempts.record(caseId, channel.name(), "BLOCKED", blocked, null, blocked.reason(), dedupKey);
      return new ReminderResult(null, false);
    }
    boolean queued = adapter.send(new OutboundMessage(caseId, channel, "payment-reminder", recipient(channel, to),
        withDisclosure(caseId, channel, words.get().body()), dedupKey, decision.nextAllowedAt(),
        words.get().subject()));
    if (queued) {
      String via = channel == preferred ? "" : " (" + preferred + " " + whyNot(preferred, facts) + ")";
      if (decision.allowed()) {
        attempts.record(caseId, channel.name(), "SENT", decision, null, null, dedupKey);
        timeline.record(caseId, "REMINDER_SENT", "Payment reminder sent by " + channel + via,
            Map.of("channel", channel.name(), "template", "payment-reminder"), dedupKey);
      } else {
        attempts.record(caseId, channel.name(), "RESCHEDULED", decision, null, decision.reason(), dedupKey);
        timeline.record(caseId, "REMINDER_RESCHEDULED", "Payment reminder by " + channel + via
                + " held until " + decision.nextAllowedAt() + ": " + decision.reason(),
            Map.of("channel", channel.name(), "template", "payment-reminder", "rule", decision.rule(),
                "sendAfter", decision.nextAllowedAt().toString()), dedupKey);
      }
    }
    return new ReminderResult(channel, true);
  }

  /**
   * Queues the validation notice now if the case needs one and has none (a call about to be offered: a notice withdrawn
   * by a dispute that has since been rejected is due again), so that the call waits for the notice instead of for a
   * reminder that would only come after the call.
   */
  @Transactional
  public void ensureValidationNotice(UUID caseId, String dedupKey) {
    ContactGuard.Facts facts = attempts.facts(caseId);
    if (facts.validationNoticeDue() && !facts.debtor().contactCeased() && !facts.disputeOpen()) {
      sendValidationNotice(facts, dedupKey);
    }
  }

  /**
   * Channels a validation notice can go by, the preferred first: a letter, else an e-mail. Never a text message: it
   * cannot carry the Model Form B-1 (12 CFR 1006.34(c), appendix B); a debtor we can only phone waits for verified
   * details.
   */
  private static final List<Channel> NOTICE_CHANNELS = List.of(Channel.LETTER, Channel.EMAIL);

  /**
   * The validation notice: by letter when there is an address, else by e-mail with the safeguards of 12 CFR 1006.42
   * (an address the creditor used or the debtor gave, never a workplace address the debtor did not give, none that
   * bounced, none opted out or stopped; a bounce sends it by letter), inside the contact hours. It is sent only when
   * the provider accepts it (the relay tells {@link ValidationNotices}); the reminder queued behind it waits for that.
   *
   * @return false when no channel can carry it: it is undeliverable
   */
  private boolean sendValidationNotice(ContactGuard.Facts facts, String dedupKey) {
    Channel channel = noticeChannel(facts, Set.of());
    if (channel == null) {
      notices.undeliverable(facts.caseId(), "no address, e-mail or phone the debtor can receive it on");
      return false;
    }
    queueNotice(facts, channel, dedupKey == null ? facts.caseId() + ":validation-notice"
        : dedupKey + ":validation-notice");
    return true;
  }

  /**
   * The notice's message on one channel was refused (an opt-out that came after it was queued, a contact point that
   * went) or failed for good: it goes by the next channel the debtor can receive, or is undeliverable when none is
   * left. Called by the relay.
   */
  @Transactional
  public void rerouteValidationNotice(UUID caseId, String why) {
    var notice = notices.of(caseId).orElse(null);
    if (notice == null || !"QUEUED".equals(notice.status())) {
      return;
    }
    ContactGuard.Facts facts = attempts.facts(caseId);
    Set<String> tried = new java.util.HashSet<>(java.util.Arrays.asList(notice.triedChannels().split(",")));
    Channel next = noticeChannel(facts, tried);
    if (next == null) {
      notices.undeliverable(caseId, "no channel left (tried " + notice.triedChannels() + "; last: " + why + ")");
      return;
    }
    timeline.record(caseId, "VALIDATION_NOTICE_REROUTED", "Validation notice by " + notice.channel()
        + " not delivered (" + why + "): sent by " + next + " instead",
        Map.of("from", notice.channel(), "to", next.name(), "why", why), null);
    queueNotice(facts, next, caseId + ":validation-notice:" + next.name().toLowerCase(java.util.Locale.ROOT));
  }

  private static Channel noticeChannel(ContactGuard.Facts facts, Set<String> tried) {
    for (Channel channel : NOTICE_CHANNELS) {
      if (usable(channel, facts) && !tried.contains(channel.name())) {
        return channel;
      }
    }
    return null;
  }

  private void queueNotice(ContactGuard.Facts facts, Channel channel, String key) {
    UUID caseId = facts.caseId();
    ContactPoints to = facts.debtor();
    ContactGuard.Decision decision = attempts.check(facts, channel.name());
    // the itemization the notice states (kept: sent again, it states the same); the period's end is written in when
    // the notice goes out, from that day (the relay: ValidationNotices.periodEnd)
    io.recoverly.compliance.Itemization itemization = notices.itemization(caseId);
    var words = words(ValidationNotices.TEMPLATE, channel, facts, itemization);
    // the notice must go whatever the templates hold: without one, the words it has always had, naming the creditor
    String body = words.map(io.recoverly.compliance.MessageTemplates.Rendered::body).orElseGet(() -> ("Validation"
        + " notice. %s, we are collecting a debt of %s %s owed to %s on account %s. You have the right to dispute all"
        + " or part of it within the validation period; if you do, we stop collection until we have verified the"
        + " debt.").formatted(to.name(), to.balance().toPlainString(), to.currency(), to.creditor(), to.accountRef()));
    if (adapter.send(new OutboundMessage(caseId, channel, ValidationNotices.TEMPLATE, recipient(channel, to),
        withDisclosure(caseId, channel, body),
        key, decision.nextAllowedAt(), words.map(io.recoverly.compliance.MessageTemplates.Rendered::subject)
        .orElse(null)))) {
      attempts.record(caseId, channel.name(), decision.allowed() ? "QUEUED" : "RESCHEDULED", decision, null,
          "validation notice", key);
    }
    notices.queued(caseId, channel.name(), key, itemization);
  }

  /**
   * The answer to a verified dispute (rejected, or its balance corrected), or to a request for the original creditor:
   * the verification of the debt with the original creditor's name (12 CFR 1006.38(c), (d)(2)(i)), by letter when
   * there is an address, else by e-mail (with the PDF), the debtor's opt-outs and stops respected. Collection waits
   * for it (the guard's {@code VERIFICATION_PENDING}); when nothing can carry it, collection stays stopped until the
   * debtor's details are verified.
   */
  @Transactional
  public void sendVerification(UUID caseId, UUID disputeId) {
    ContactGuard.Facts facts = attempts.facts(caseId);
    ContactPoints to = facts.debtor();
    Channel channel = usable(Channel.LETTER, facts) ? Channel.LETTER : usable(Channel.EMAIL, facts) ? Channel.EMAIL
        : null;
    if (channel == null) {
      disputes.verificationUndeliverable(disputeId, caseId, "no address or e-mail the debtor can receive it on");
      return;
    }
    // a new key per sending: sent again after new details, it is a new message (a job redelivered finds the dispute
    // resolved already and sends nothing)
    String key = "dispute-verification:" + disputeId + ":" + channel.name().toLowerCase(java.util.Locale.ROOT) + ":"
        + UUID.randomUUID().toString().substring(0, 8);
    ContactGuard.Decision decision = attempts.checkRequired(facts, channel.name());
    var words = templates.render(io.recoverly.disputes.Disputes.VERIFICATION, channel.name(), to.jurisdiction(),
        to.language(), new io.recoverly.compliance.MessageTemplates.Values(caseId, to.name(), to.creditor(),
            to.accountRef(), to.balance(), to.currency(), null, null,
            "US".equals(to.jurisdiction()) ? notices.itemization(caseId) : null));
    String body = words.map(io.recoverly.compliance.MessageTemplates.Rendered::body).orElseGet(() -> ("Verification"
        + " of your debt. %s, you disputed the debt on account %s or asked for the original creditor. The creditor,"
        + " and the original creditor, is %s; the amount owed now is %s %s.").formatted(to.name(), to.accountRef(),
        to.creditor(), to.balance().toPlainString(), to.currency()));
    if (adapter.send(new OutboundMessage(caseId, channel, io.recoverly.disputes.Disputes.VERIFICATION,
        recipient(channel, to), withDisclosure(caseId, channel, body), key, decision.nextAllowedAt(),
        words.map(io.recoverly.compliance.MessageTemplates.Rendered::subject).orElse(null)))) {
      attempts.record(caseId, channel.name(), decision.allowed() ? "QUEUED" : "RESCHEDULED", decision, null,
          "dispute verification", key);
      timeline.record(caseId, "DISPUTE_VERIFICATION_QUEUED", "The verification of the disputed debt goes by "
          + channel + "; collection resumes once it is sent", Map.of("channel", channel.name(),
          "disputeId", disputeId.toString()), key);
    }
    disputes.verificationQueued(disputeId, key);
  }

  /** A dispute was verified: its verification goes out in the same transaction as the decision. */
  @org.springframework.context.event.EventListener
  void onDisputeVerified(io.recoverly.disputes.Disputes.DisputeVerified verified) {
    sendVerification(verified.caseId(), verified.disputeId());
  }

  /** The debtor's details changed: a verification nothing could carry is tried again. */
  @Transactional
  public void retryVerifications(UUID caseId) {
    for (var waiting : disputes.verificationsToSend(caseId)) {
      disputes.retryVerification(waiting.disputeId());
      sendVerification(caseId, waiting.disputeId());
    }
  }

  /**
   * A written message about a time-barred debt (letter, e-mail) carries the disclosure its state requires
   * ({@code limitation_period.disclosure}: California, New York, Texas), as its own paragraph after the words.
   */
  private String withDisclosure(UUID caseId, Channel channel, String body) {
    if (channel != Channel.LETTER && channel != Channel.EMAIL) {
      return body;
    }
    return limitations.letterDisclosure(caseId).map(d -> body + "\n\n## Time-barred debt\n" + d).orElse(body);
  }

  /** The message of a kind for this case on a channel, in the debtor's language where there is a template in it. */
  private java.util.Optional<io.recoverly.compliance.MessageTemplates.Rendered> words(String key, Channel channel,
      ContactGuard.Facts facts, io.recoverly.compliance.Itemization itemization) {
    ContactPoints to = facts.debtor();
    return templates.render(key, channel.name(), to.jurisdiction(), to.language(),
        new io.recoverly.compliance.MessageTemplates.Values(facts.caseId(), to.name(), to.creditor(), to.accountRef(),
            to.balance(), to.currency(), null, null, itemization));
  }

  private static Channel reachable(Channel preferred, ContactGuard.Facts facts) {
    Channel[] order = {preferred, Channel.SMS, Channel.EMAIL, Channel.LETTER};
    for (Channel channel : order) {
      if (usable(channel, facts)) {
        return channel;
      }
    }
    return null;
  }

  /**
   * The debtor can be written to on this channel: an address for it on file that may be used (a mobile for SMS, an
   * e-mail address that has not bounced and is not a workplace one the debtor did not give), no opt-out of the
   * channel, no stop for that number or address.
   */
  /** Why a reminder could not go by a channel, in words for the timeline. */
  private static String whyNot(Channel channel, ContactGuard.Facts facts) {
    if (facts.optedOut().contains(channel.name())) {
      return "opted out";
    }
    if (facts.stopFor(channel.name()) != null) {
      return "stopped for that address";
    }
    if (channel == Channel.EMAIL && facts.debtor().emailUnusable() != null) {
      return "address unusable";
    }
    return channel == Channel.SMS && facts.debtor().phone() != null ? "not a mobile" : "not on file";
  }

  private static boolean usable(Channel channel, ContactGuard.Facts facts) {
    return recipient(channel, facts.debtor()) != null && !facts.optedOut().contains(channel.name())
        && facts.stopFor(channel.name()) == null;
  }

  private static String recipient(Channel channel, ContactPoints to) {
    return switch (channel) {
      // SMS goes only to a phone that can receive it (a mobile); a landline is for calls
      case SMS -> to.textable() ? to.phone() : null;
      case CALL -> to.phone();
      case EMAIL -> to.emailable() ? to.email() : null;
      case LETTER -> to.address();
    };
  }
}
