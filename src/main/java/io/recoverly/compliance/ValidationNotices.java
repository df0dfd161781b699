package io.recoverly.compliance;

import io.recoverly.cases.CaseTimeline;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The validation notice of jurisdictions that require one (US Regulation F: with the first collection communication,
 * opening a validation period in which a dispute stops collection until the debt is verified).
 */
@Service
public class ValidationNotices {

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Clock clock;

  ValidationNotices(JdbcClient jdbc, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
  }

  /**
   * Records the notice as sent (once) and opens the validation period; returns the period's last day.
   *
   * @param facts the case as the contact guard read it for this notice (jurisdiction rules, debtor's time zone)
   */
  public LocalDate recordSent(ContactGuard.Facts facts, String channel, String dedupKey) {
    UUID caseId = facts.caseId();
    var debtor = facts.debtor();
    int days = facts.policy() == null || facts.policy().validationPeriodDays() == null ? 30
        : facts.policy().validationPeriodDays();
    LocalDate ends = LocalDate.ofInstant(clock.instant(), ZoneId.of(debtor.timezone())).plusDays(days);
    int rows = jdbc.sql("""
            insert into validation_notice (case_id, channel, sent_at, period_ends) values (:id, :ch, :at, :ends)
            on conflict do nothing
            """)
        .param("id", caseId).param("ch", channel).param("at", Timestamp.from(clock.instant()))
        .param("ends", Date.valueOf(ends)).update();
    if (rows == 1) {
      timeline.record(caseId, "VALIDATION_NOTICE_SENT", "Validation notice sent by " + channel
          + "; the validation period runs until " + ends + " (a dispute until then stops collection until verified)",
          Map.of("channel", channel, "periodEnds", ends.toString()), dedupKey);
    }
    return ends;
  }
}
