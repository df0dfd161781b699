package io.recoverly.compliance;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Per-channel opt-outs of electronic messages (SMS, e-mail): the guard refuses the channel, reminders use another. */
@Service
public class OptOuts {

  static final Set<String> ELECTRONIC = Set.of("SMS", "EMAIL");

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final Clock clock;

  OptOuts(JdbcClient jdbc, Cases cases, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** The channels the debtor of this case opted out of. */
  public Set<String> of(UUID caseId) {
    return new TreeSet<>(jdbc.sql("select channel from contact_opt_out where case_id = :id").param("id", caseId)
        .query(String.class).list());
  }

  /** Records an opt-out; true when new. */
  @Transactional
  public boolean optOut(UUID caseId, String channel, String by) {
    String ch = electronic(channel);
    cases.get(caseId);
    boolean recorded = jdbc.sql("""
            insert into contact_opt_out (case_id, channel, recorded_at, recorded_by) values (:id, :ch, :at, :by)
            on conflict do nothing
            """)
        .param("id", caseId).param("ch", ch).param("at", Timestamp.from(clock.instant())).param("by", by)
        .update() == 1;
    if (recorded) {
      timeline.record(caseId, "OPT_OUT_RECORDED", "Debtor opted out of " + ch, Map.of("channel", ch), null);
    }
    return recorded;
  }

  /** The debtor opts back in (consent given again); true when an opt-out was removed. */
  @Transactional
  public boolean optIn(UUID caseId, String channel) {
    String ch = electronic(channel);
    cases.get(caseId);
    boolean removed = jdbc.sql("delete from contact_opt_out where case_id = :id and channel = :ch")
        .param("id", caseId).param("ch", ch).update() == 1;
    if (removed) {
      timeline.record(caseId, "OPT_IN_RECORDED", "Debtor opted back in to " + ch, Map.of("channel", ch), null);
    }
    return removed;
  }

  private static String electronic(String channel) {
    String ch = channel == null ? "" : channel.toUpperCase(Locale.ROOT);
    if (!ELECTRONIC.contains(ch)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid channel", "opt-outs are per electronic channel: SMS or EMAIL")
          .field("channel").exception();
    }
    return ch;
  }
}
