package io.recoverly.compliance;

import io.recoverly.cases.CaseTimeline;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The validation notice of jurisdictions that require one (US Regulation F: before collection, opening a validation
 * period in which a dispute stops collection until the debt is verified). Its truth is the provider's: the notice is
 * QUEUED when it is put in the outbox, SENT only when a provider accepted it (the validation period starts then),
 * moved to the next channel the debtor can receive when one fails or is refused, and UNDELIVERABLE when none is left.
 * The contact guard lets no collection contact out before it is SENT.
 */
@Service
public class ValidationNotices {

  /** The outbox template of the notice: the relay tells this service what became of it. */
  public static final String TEMPLATE = "validation-notice";

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final Itemizations itemizations;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  ValidationNotices(JdbcClient jdbc, CaseTimeline timeline, Clock clock, Itemizations itemizations,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
    this.itemizations = itemizations;
    this.json = json;
  }

  /**
   * The itemization the case's notice states: the one it stated before when it was queued already (a notice sent
   * again by another channel itemizes as the first did), else the case's itemization now.
   */
  public Itemization itemization(UUID caseId) {
    String kept = jdbc.sql("select cast(itemization as text) from validation_notice where case_id = :id")
        .param("id", caseId).query(String.class).optional().orElse(null);
    if (kept != null) {
      try {
        return json.readValue(kept, Itemization.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("unreadable itemization kept for case " + caseId, e);
      }
    }
    return itemizations.of(caseId);
  }

  /**
   * The end of the validation period of a notice sent now (the debtor's today):
   * {@link ValidationPeriod#end} with the jurisdiction's period (30 days).
   */
  public LocalDate periodEnd(ContactGuard.Facts facts) {
    int days = facts.policy() == null || facts.policy().validationPeriodDays() == null ? 30
        : facts.policy().validationPeriodDays();
    return ValidationPeriod.end(LocalDate.ofInstant(clock.instant(), ZoneId.of(facts.debtor().timezone())), days);
  }

  /** A case's notice as the guard and the relay need it. */
  public record Notice(String status, String channel, String messageKey, String triedChannels) {}

  public Optional<Notice> of(UUID caseId) {
    return jdbc.sql("select status, channel, message_key, tried_channels from validation_notice where case_id = :id")
        .param("id", caseId)
        .query((rs, n) -> new Notice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional();
  }

  /** The notice is in the outbox on this channel (the first one, or the next after a failed one). */
  public void queued(UUID caseId, String channel, String messageKey, Itemization itemization) {
    Instant now = clock.instant();
    String items;
    try {
      items = itemization == null ? null : json.writeValueAsString(itemization);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jdbc.sql("""
            insert into validation_notice (case_id, channel, status, message_key, queued_at, tried_channels,
                                           itemization)
            values (:id, :ch, 'QUEUED', :key, :at, :ch, cast(:items as jsonb))
            on conflict (case_id) do update
               set channel = excluded.channel, status = 'QUEUED', message_key = excluded.message_key,
                   queued_at = excluded.queued_at,
                   tried_channels = validation_notice.tried_channels || ',' || excluded.channel,
                   itemization = coalesce(validation_notice.itemization, excluded.itemization)
             where validation_notice.status = 'QUEUED'
            """)
        .param("id", caseId).param("ch", channel).param("key", messageKey).param("at", Timestamp.from(now))
        .param("items", items).update();
  }

  /**
   * A provider accepted the notice's message: the notice is SENT, once, and the validation period ends on the date the
   * notice stated ({@link #periodEnd} on the day it went out).
   *
   * @return false when this message is not the notice's current one (an earlier channel's), or it was sent already
   */
  public boolean sent(UUID caseId, String messageKey, LocalDate ends) {
    var channel = jdbc.sql("""
            update validation_notice set status = 'SENT', sent_at = :at, period_ends = :ends
             where case_id = :id and status = 'QUEUED' and message_key = :key
            returning channel
            """)
        .param("at", Timestamp.from(clock.instant())).param("ends", Date.valueOf(ends)).param("id", caseId)
        .param("key", messageKey).query(String.class).optional();
    channel.ifPresent(ch -> timeline.record(caseId, "VALIDATION_NOTICE_SENT", "Validation notice sent by " + ch
            + " (the provider accepted it); the validation period runs until " + ends
            + " (a dispute until then stops collection until verified)",
        Map.of("channel", ch, "periodEnds", ends.toString()), "validation-notice-sent:" + caseId));
    return channel.isPresent();
  }

  /**
   * The notice's e-mail bounced after the provider took it: it did not reach the debtor (12 CFR 1006.42(a): a notice
   * returned undeliverable is not given), so it is queued again, to go by the next channel.
   *
   * @return true when this message was the notice's (it is to be sent again)
   */
  public boolean bounced(UUID caseId, String messageKey) {
    int rows = jdbc.sql("""
            update validation_notice set status = 'QUEUED', sent_at = null, period_ends = null
             where case_id = :id and message_key = :key and status in ('SENT', 'QUEUED')
            """)
        .param("id", caseId).param("key", messageKey).update();
    if (rows == 1) {
      timeline.record(caseId, "VALIDATION_NOTICE_BOUNCED", "The validation notice's e-mail bounced: it was not"
          + " delivered, and goes by another channel", Map.of("messageKey", messageKey), null);
    }
    return rows == 1;
  }

  /**
   * The notice's message was canceled because contact stopped (a cease request, an open dispute): the notice is due
   * again, should collection ever resume.
   */
  public void withdraw(UUID caseId, String messageKey) {
    jdbc.sql("delete from validation_notice where case_id = :id and status = 'QUEUED' and message_key = :key")
        .param("id", caseId).param("key", messageKey).update();
  }

  /**
   * The debtor's contact details changed (verified by an agent): a notice that could not be delivered is due again,
   * by whatever channel the new details open.
   */
  public void retryUndeliverable(UUID caseId) {
    jdbc.sql("delete from validation_notice where case_id = :id and status = 'UNDELIVERABLE'").param("id", caseId)
        .update();
  }

  /** No channel is left to send the notice by: collection cannot start until the debtor's details are verified. */
  public void undeliverable(UUID caseId, String reason) {
    int rows = jdbc.sql("""
            insert into validation_notice (case_id, channel, status, detail, tried_channels)
            values (:id, 'NONE', 'UNDELIVERABLE', :reason, '')
            on conflict (case_id) do update set status = 'UNDELIVERABLE', detail = excluded.detail
             where validation_notice.status = 'QUEUED'
            """)
        .param("id", caseId).param("reason", reason).update();
    if (rows == 1) {
      timeline.record(caseId, "VALIDATION_NOTICE_UNDELIVERABLE", "The validation notice cannot be delivered: "
          + reason + "; no collection contact until the debtor's details are verified", Map.of("reason", reason),
          null);
    }
  }
}
