package io.recoverly.compliance;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
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
  private final Cases cases;
  private final ContactPolicies policies;
  private final CaseTimeline timeline;
  private final Clock clock;

  ValidationNotices(JdbcClient jdbc, Cases cases, ContactPolicies policies, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.policies = policies;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** True when the case's jurisdiction requires a notice and none has gone out yet. */
  public boolean due(UUID caseId) {
    var debtor = cases.contactPoints(caseId).orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
    return policies.of(debtor.jurisdiction()).map(p -> p.validationPeriodDays() != null).orElse(false)
        && !sent(caseId);
  }

  boolean sent(UUID caseId) {
    return jdbc.sql("select count(*) from validation_notice where case_id = :id").param("id", caseId)
        .query(Long.class).single() > 0;
  }

  /** Records the notice as sent (once) and opens the validation period; returns the period's last day. */
  public LocalDate recordSent(UUID caseId, String channel, String dedupKey) {
    var debtor = cases.contactPoints(caseId).orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
    int days = policies.of(debtor.jurisdiction()).map(ContactPolicies.Policy::validationPeriodDays).orElse(30);
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
