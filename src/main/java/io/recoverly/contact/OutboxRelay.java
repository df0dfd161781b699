package io.recoverly.contact;

import io.recoverly.compliance.ContactGuard;
import io.recoverly.compliance.ValidationNotices;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the outbox's messages to the {@link MessageProvider}, each exactly once:
 * <ol>
 *   <li>claim a batch of due PENDING rows ({@code for update skip locked}, so several app nodes share the work) and
 *       commit them as SENDING with a lease;</li>
 *   <li>ask the contact guard again: a message held for the debtor's contact hours waits for its next allowed time;
 *       one the guard now refuses for good (a cease request, an open dispute, an opt-out that came after it was
 *       queued) is CANCELED, never delivered;</li>
 *   <li>deliver with the message's idempotency key, then mark it SENT.</li>
 * </ol>
 * A relay that dies between its claim and the delivery (or between the delivery and SENT) leaves the row SENDING; when
 * the lease runs out, the next run delivers it again under the same key, which the provider treats as one delivery. A
 * provider failure puts the message back with a backoff; after the last attempt it is FAILED.
 */
@Component
@ConditionalOnProperty(name = "recoverly.outbox.relay.enabled", havingValue = "true", matchIfMissing = true)
class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  /** Rules that refuse a contact for good; the others are time rules whose next allowed time the message waits for. */
  static final Set<String> FINAL_RULES = Set.of("CEASE_COMMUNICATION", "DISPUTE_OPEN", "OPT_OUT", "NO_CONTACT_POINT");
  static final int MAX_ATTEMPTS = 5;

  private final JdbcClient jdbc;
  private final MessageProvider provider;
  private final ContactAttempts attempts;
  private final ValidationNotices notices;
  private final ReminderService reminders;
  private final io.recoverly.documents.CaseDocuments documents;
  private final io.recoverly.disputes.Disputes disputes;
  private final org.springframework.transaction.support.TransactionTemplate tx;
  private final Clock clock;
  private final Duration lease;
  private final int batch;

  OutboxRelay(JdbcClient jdbc, MessageProvider provider, ContactAttempts attempts, ValidationNotices notices,
      ReminderService reminders, io.recoverly.documents.CaseDocuments documents, io.recoverly.disputes.Disputes disputes,
      org.springframework.transaction.support.TransactionTemplate tx, Clock clock,
      @Value("${recoverly.outbox.relay.lease:PT1M}") Duration lease,
      @Value("${recoverly.outbox.relay.batch:50}") int batch) {
    this.jdbc = jdbc;
    this.provider = provider;
    this.attempts = attempts;
    this.notices = notices;
    this.reminders = reminders;
    this.documents = documents;
    this.disputes = disputes;
    this.tx = tx;
    this.clock = clock;
    this.lease = lease;
    this.batch = batch;
  }

  record Claimed(long id, UUID caseId, Channel channel, String template, String recipient, String body,
      String dedupKey, int attempts, String subject) {}

  @Scheduled(fixedDelayString = "${recoverly.outbox.relay.interval:PT1S}", initialDelayString = "PT2S")
  void relay() {
    List<Claimed> claimed;
    while (!(claimed = claim()).isEmpty()) {
      claimed.forEach(this::handOver);
    }
  }

  /** Claims due messages (and those whose claimer's lease ran out) as SENDING; committed at once. */
  List<Claimed> claim() {
    Instant now = clock.instant();
    return jdbc.sql("""
            update outbound_message set status = 'SENDING', claimed_at = :now, attempts = attempts + 1
             where id in (select id from outbound_message
                           where (status = 'PENDING' and (send_after is null or send_after <= :now))
                              or (status = 'SENDING' and claimed_at < :expired)
                           order by id limit :batch for update skip locked)
            returning id, case_id, channel, template, recipient, body, dedup_key, attempts, subject
            """)
        .param("now", Timestamp.from(now)).param("expired", Timestamp.from(now.minus(lease))).param("batch", batch)
        .query((rs, n) -> new Claimed(rs.getLong(1), rs.getObject(2, UUID.class), Channel.valueOf(rs.getString(3)),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9)))
        .list();
  }

  private void handOver(Claimed m) {
    boolean notice = ValidationNotices.TEMPLATE.equals(m.template());
    // a dispute's verification is required before collection resumes: it does not wait for itself
    boolean verification = io.recoverly.disputes.Disputes.VERIFICATION.equals(m.template());
    // the moment the guard is asked: the contact's time as the independent audit reads it
    Instant checked = clock.instant();
    ContactGuard.Facts facts = attempts.facts(m.caseId());
    ContactGuard.Decision decision = attempts.checkDelivery(facts, m.channel().name(), notice || verification);
    if (!decision.allowed()) {
      if (FINAL_RULES.contains(decision.rule()) || decision.nextAllowedAt() == null) {
        settle(m.id(), "CANCELED", null, decision.rule());
        log.info("Outbound {} {} for case {} canceled: {}", m.channel(), m.id(), m.caseId(), decision.reason());
        if (notice) {
          noticeNotDelivered(m, decision.rule(), decision.reason());
        }
        if (verification) {
          disputes.verificationUndeliverable(disputeOf(m), m.caseId(), m.channel() + ": " + decision.reason());
        }
      } else {
        // waits for the next allowed time; never one already past, which this run would claim again at once
        Instant now = clock.instant();
        settle(m.id(), "PENDING", decision.nextAllowedAt().isAfter(now) ? decision.nextAllowedAt()
            : now.plusSeconds(60), decision.rule());
      }
      return;
    }
    // the validation notice states its period's end, which runs from today, the day it goes out
    java.time.LocalDate periodEnd = notice ? notices.periodEnd(facts) : null;
    String body = notice ? io.recoverly.compliance.MessageTemplates.stampValidationEnd(m.body(), periodEnd) : m.body();
    String subject = notice ? io.recoverly.compliance.MessageTemplates.stampValidationEnd(m.subject(), periodEnd)
        : m.subject();
    OutboundMessage message;
    try {
      message = new OutboundMessage(m.caseId(), m.channel(), m.template(), m.recipient(), body, m.dedupKey(), null,
          subject, document(m, facts, body));
      provider.deliver(key(m.id()), message);
    } catch (RuntimeException e) {
      boolean last = m.attempts() >= MAX_ATTEMPTS;
      settle(m.id(), last ? "FAILED" : "PENDING", clock.instant().plusSeconds(2L << Math.min(m.attempts(), 10)),
          e.getClass().getSimpleName() + ": " + e.getMessage());
      log.warn("Delivery of outbound {} {} failed (attempt {}{}): {}", m.channel(), m.id(), m.attempts(),
          last ? ", the last" : "", e.getMessage());
      if (last && notice) {
        noticeNotDelivered(m, "FAILED", "the provider failed " + m.attempts() + " times");
      }
      if (last && verification) {
        disputes.verificationUndeliverable(disputeOf(m), m.caseId(), "the provider failed " + m.attempts() + " times");
      }
      return;
    }
    // the provider accepted it: the message is sent and, for the validation notice, so is the notice (one transaction)
    tx.executeWithoutResult(status -> {
      int sent = jdbc.sql("update outbound_message set status = 'SENT', sent_at = :now, checked_at = :checked,"
              + " last_error = null where id = :id and status = 'SENDING'")
          .param("now", Timestamp.from(clock.instant())).param("checked", Timestamp.from(checked))
          .param("id", m.id()).update();
      if (sent == 1 && notice) {
        notices.sent(m.caseId(), m.dedupKey(), periodEnd);
      }
      if (sent == 1 && verification) {
        disputes.verificationSent(m.caseId(), m.dedupKey());
      }
    });
  }

  /**
   * The PDF of a letter (what the letter house prints) and of the validation notice an e-mail carries, made once per
   * message and kept with the case; null for other messages.
   */
  private OutboundMessage.Attachment document(Claimed m, ContactGuard.Facts facts, String body) {
    boolean required = ValidationNotices.TEMPLATE.equals(m.template())
        || io.recoverly.disputes.Disputes.VERIFICATION.equals(m.template());
    if (m.channel() != Channel.LETTER && !(required && m.channel() == Channel.EMAIL)) {
      return null;
    }
    var to = facts.debtor();
    // the e-mail's notice is the letter's words: the form to mail back, the collector's address on it
    String words = m.channel() == Channel.LETTER ? body : withoutOptOut(body);
    var doc = documents.letter(new io.recoverly.documents.CaseDocuments.LetterRequest(m.caseId(), m.template(),
        m.channel().name(), to.language(), to.jurisdiction(), to.timezone(), to.name(), to.address(), words,
        key(m.id())));
    return new OutboundMessage.Attachment(doc.id(), m.template() + ".pdf", doc.pdf(), to.name());
  }

  /** The notice an e-mail attaches: the e-mail's text without its last paragraph when that is the opt-out link. */
  private static String withoutOptOut(String body) {
    int optOut = body.lastIndexOf("\n\n");
    return optOut > 0 && body.substring(optOut).contains("http") ? body.substring(0, optOut) : body;
  }

  /** The dispute a verification message answers: its key is {@code dispute-verification:<dispute id>:<channel>}. */
  private static java.util.UUID disputeOf(Claimed m) {
    return java.util.UUID.fromString(m.dedupKey().split(":")[1]);
  }

  /**
   * The notice's message will not be delivered: a cease request or a dispute withdraws the notice (it is due again if
   * collection resumes); an opt-out, a missing contact point or a provider failing for good moves it to the next
   * channel the debtor can receive.
   */
  private void noticeNotDelivered(Claimed m, String rule, String reason) {
    try {
      if ("CEASE_COMMUNICATION".equals(rule) || "DISPUTE_OPEN".equals(rule)) {
        notices.withdraw(m.caseId(), m.dedupKey());
      } else {
        reminders.rerouteValidationNotice(m.caseId(), m.channel() + ": " + reason);
      }
    } catch (RuntimeException e) {
      log.warn("Could not move the validation notice of case {} on: {}", m.caseId(), e.toString());
    }
  }

  private void settle(long id, String status, Instant sendAfter, String error) {
    jdbc.sql("update outbound_message set status = :status, send_after = coalesce(:after, send_after),"
            + " claimed_at = null, last_error = :error where id = :id and status = 'SENDING'")
        .param("status", status).param("after", sendAfter == null ? null : Timestamp.from(sendAfter))
        .param("error", error == null ? null : error.substring(0, Math.min(500, error.length()))).param("id", id)
        .update();
  }

  /** The provider's idempotency key of a message: the same for every delivery attempt of it. */
  static String key(long id) {
    return "recoverly-outbound-" + id;
  }
}
