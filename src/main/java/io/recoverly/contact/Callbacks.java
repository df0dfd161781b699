package io.recoverly.contact;

import io.recoverly.cases.CaseStatus;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Callbacks the debtor asked for ("call me on Thursday after 6"): the case's call waits for that time, whichever is
 * later of it and the contact guard's window (the guard still decides: a callback never makes a call allowed that the
 * rules forbid). A callback the rules could not keep is refused: on a case where calls are not allowed (cease,
 * dispute, opt-out, no phone: 409), or at a time outside the debtor's contact hours (400). The latest request of a
 * case counts (a new one replaces the one before); each is on the timeline (and so in the audit trail).
 */
@Service
public class Callbacks {

  /** How far ahead a callback may be asked for. */
  static final Duration HORIZON = Duration.ofDays(30);

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final io.recoverly.compliance.ContactGuard guard;

  Callbacks(JdbcClient jdbc, Cases cases, CaseTimeline timeline, Clock clock,
      io.recoverly.compliance.ContactGuard guard) {
    this.guard = guard;
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.clock = clock;
  }

  public record Callback(UUID id, UUID caseId, Instant requestedFor, String note, String requestedBy,
      Instant requestedAt) {}

  @Transactional
  public Callback request(UUID caseId, Instant at, String note, String by) {
    var view = cases.get(caseId);
    if (view.status() != CaseStatus.OPEN) {
      throw Problems.of(HttpStatus.CONFLICT, "Case closed", "a closed case gets no callback").exception();
    }
    Instant now = clock.instant();
    if (at == null || !at.isAfter(now) || at.isAfter(now.plus(HORIZON))) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid callback", "at must be a time from now to "
          + HORIZON.toDays() + " days ahead (engine time)").field("at").exception();
    }
    // a callback is a promise to call then: not one the rules would not let us keep
    var keepable = guard.callbackAt(guard.facts(caseId), at);
    if (!keepable.allowed()) {
      boolean time = "CONTACT_HOURS".equals(keepable.rule());
      throw Problems.of(time ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT, time ? "Invalid callback"
          : "Calls not allowed", keepable.reason()).field(time ? "at" : null).exception();
    }
    String text = note == null || note.isBlank() ? null : note.strip();
    if (text != null && (text.length() > 500 || !InputHygiene.printable(text).equals(text))) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid callback", "note: at most 500 printable characters")
          .field("note").exception();
    }
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into callback_request (id, case_id, requested_for, note, requested_by, requested_at)
            values (:id, :caseId, :at, :note, :by, :now)
            """)
        .param("id", id).param("caseId", caseId).param("at", Timestamp.from(at)).param("note", text)
        .param("by", by).param("now", Timestamp.from(now)).update();
    timeline.record(caseId, "CALLBACK_REQUESTED", "Callback requested for " + at + " by " + by
        + (text == null ? "" : ": " + io.recoverly.cases.PiiMask.scrubText(text)),
        Map.of("callbackId", id.toString(), "requestedFor", at.toString()), null);
    return new Callback(id, caseId, at, text, by, now);
  }

  /** The time of the case's latest callback request when it is still ahead, else empty. */
  Optional<Instant> pending(UUID caseId) {
    return jdbc.sql("""
            select requested_for from callback_request where case_id = :caseId
             order by requested_at desc, id limit 1
            """).param("caseId", caseId).query(Timestamp.class).optional().map(Timestamp::toInstant)
        .filter(at -> at.isAfter(clock.instant()));
  }
}
