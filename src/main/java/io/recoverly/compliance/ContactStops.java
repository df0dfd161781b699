package io.recoverly.compliance;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.cases.PiiMask;
import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stops per medium and address: "stop calling this number" (12 CFR 1006.14(h): a medium the debtor asked us not to
 * use), "don't e-mail this address", "no visits at work" (1006.22(f), 15 U.S.C. 1692c(a)(1) and (3): a place or time
 * the debtor says is inconvenient). Unlike an opt-out of a channel, a stop names one number or address: a new number
 * the debtor gives is not stopped by the old one's stop. The contact guard refuses a contact whose address is stopped
 * ({@code ADDRESS_STOPPED}); reminders take another channel. A stop is lifted only by the debtor asking again (who
 * lifted it is kept).
 */
@Service
public class ContactStops {

  /** The media a stop names; a letter is not among them (a cease request in writing stops letters). */
  public static final Set<String> MEDIA = Set.of("CALL", "SMS", "EMAIL", "VISIT");
  /** The address of a visit stop that names the debtor's workplace. */
  public static final String WORK = "WORK";

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final AuditTrail audit;
  private final Clock clock;

  ContactStops(JdbcClient jdbc, Cases cases, CaseTimeline timeline, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.audit = audit;
    this.clock = clock;
  }

  /** A stop just asked for: {@code created} when it is new (it may have been there already). */
  public record Recorded(Stop stop, boolean created) {}

  /** One stop as the case page shows it (the address masked). */
  public record Stop(long id, String medium, String address, String note, String recordedBy, Instant recordedAt,
      boolean appliesNow) {}

  /**
   * The address a contact on this channel would use now, as a stop names it: the phone for a call or a text, the
   * e-mail address in lower case, the postal address on file for a visit (visits go there). Null when there is none.
   */
  public static String addressOf(String channel, Cases.ContactPoints debtor) {
    return switch (channel) {
      case "CALL", "SMS" -> blank(debtor.phone()) ? null : debtor.phone().strip();
      case "EMAIL" -> blank(debtor.email()) ? null : debtor.email().strip().toLowerCase(Locale.ROOT);
      case "VISIT" -> blank(debtor.address()) ? null : postal(debtor.address());
      default -> null;
    };
  }

  /** Words for what a stop of this medium names. */
  static String what(String medium) {
    return switch (medium) {
      case "CALL" -> "number for calls";
      case "SMS" -> "number for text messages";
      case "EMAIL" -> "e-mail address";
      default -> "place for visits";
    };
  }

  static String masked(String medium, String address) {
    return switch (medium) {
      case "CALL", "SMS" -> PiiMask.phone(address);
      case "EMAIL" -> PiiMask.email(address);
      default -> WORK.equals(address) ? "the workplace" : PiiMask.address(address);
    };
  }

  /** The case's active stops, masked; {@code appliesNow}: it names the number or address on file now. */
  public List<Stop> of(UUID caseId) {
    Cases.ContactPoints debtor = contactPoints(caseId);
    return jdbc.sql("""
            select id, medium, address, note, recorded_by, recorded_at from contact_stop
             where case_id = :id and lifted_at is null order by id
            """)
        .param("id", caseId)
        .query((rs, n) -> {
          String medium = rs.getString(2);
          String address = rs.getString(3);
          boolean onFile = address.equals(addressOf(medium, debtor));
          // a workplace stop holds wherever the debtor works; an address on file is shown as the case shows it
          String shown = onFile && medium.equals("VISIT") ? PiiMask.address(debtor.address()) : masked(medium, address);
          return new Stop(rs.getLong(1), medium, shown, rs.getString(4), rs.getString(5),
              rs.getTimestamp(6).toInstant(), onFile || WORK.equals(address));
        })
        .list();
  }

  /**
   * Records a stop. The address is the one on file for the medium unless the request names one: for a visit,
   * {@code WORK} ("no visits at work") or the address on file; for a call, a text or an e-mail, the number or address
   * on file (a stop for an address we do not hold would stop nothing we can see). 201 when new, 200 when it was already
   * there.
   */
  @Transactional
  public Recorded record(UUID caseId, String medium, String address, String note, String by) {
    String m = medium == null ? "" : medium.strip().toUpperCase(Locale.ROOT);
    if (!MEDIA.contains(m)) {
      throw invalid("medium", "one of " + MEDIA.stream().sorted().toList()
          + " (a letter is stopped by a cease request in writing)");
    }
    if (note != null && (note.length() > 500 || InputHygiene.lineProblem(note).isPresent())) {
      throw invalid("note", "at most 500 printable characters on one line");
    }
    Cases.ContactPoints debtor = contactPoints(caseId);
    String onFile = addressOf(m, debtor);
    String target;
    if (address == null || address.isBlank()) {
      if (onFile == null) {
        throw invalid("address", "the debtor has no " + what(m) + " on file to stop");
      }
      target = onFile;
    } else if (m.equals("VISIT") && address.strip().equalsIgnoreCase(WORK)) {
      target = WORK;
    } else {
      String given = m.equals("EMAIL") ? address.strip().toLowerCase(Locale.ROOT)
          : m.equals("VISIT") ? postal(address) : address.strip();
      if (!given.equals(onFile)) {
        throw invalid("address", "name the " + what(m) + " on file (or leave it out for that one)"
            + (m.equals("VISIT") ? ", or WORK for no visits at the workplace" : ""));
      }
      target = given;
    }
    Instant now = clock.instant();
    Long id = jdbc.sql("""
            insert into contact_stop (case_id, medium, address, note, recorded_by, recorded_at)
            values (:case, :medium, :address, :note, :by, :at)
            on conflict (case_id, medium, address) where lifted_at is null do nothing returning id
            """)
        .param("case", caseId).param("medium", m).param("address", target)
        // shown to everyone who works the case: contact details and identifiers in it are masked
        .param("note", note == null || note.isBlank() ? null : PiiMask.scrubText(note.strip())).param("by", by)
        .param("at", Timestamp.from(now)).query(Long.class).optional().orElse(null);
    if (id != null) {
      String shown = masked(m, target);
      timeline.record(caseId, "CONTACT_STOP_RECORDED", "The debtor asked us not to use this " + what(m) + ": "
          + shown, Map.of("medium", m, "address", shown), null);
      audit.record("CONTACT_STOP_RECORDED", caseId, null, "Stop recorded: " + m + " " + shown, null,
          Map.of("medium", m, "address", shown));
    }
    // the stop asked for, by its own row (masked addresses of two numbers or addresses may look the same)
    long stopId = id != null ? id : jdbc.sql("""
            select id from contact_stop where case_id = :case and medium = :medium and address = :address
               and lifted_at is null
            """).param("case", caseId).param("medium", m).param("address", target).query(Long.class).single();
    Stop stop = of(caseId).stream().filter(s -> s.id() == stopId).findFirst().orElseThrow();
    return new Recorded(stop, id != null);
  }

  /** The debtor asks to be contacted there again: the stop is lifted (kept, with who lifted it). */
  @Transactional
  public void lift(UUID caseId, long stopId, String by) {
    cases.get(caseId);
    var lifted = jdbc.sql("""
            update contact_stop set lifted_by = :by, lifted_at = :at
             where id = :id and case_id = :case and lifted_at is null returning medium, address
            """)
        .param("by", by).param("at", Timestamp.from(clock.instant())).param("id", stopId).param("case", caseId)
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
        .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "No such stop", "the case has no active stop "
            + stopId).exception());
    String shown = masked(lifted[0], lifted[1]);
    timeline.record(caseId, "CONTACT_STOP_LIFTED", "The debtor may be contacted again by this " + what(lifted[0])
        + ": " + shown, Map.of("medium", lifted[0], "address", shown), null);
    audit.record("CONTACT_STOP_LIFTED", caseId, null, "Stop lifted: " + lifted[0] + " " + shown,
        Map.of("medium", lifted[0], "address", shown), null);
  }

  private Cases.ContactPoints contactPoints(UUID caseId) {
    cases.get(caseId); // 404 for a case that does not exist
    return cases.contactPoints(caseId).orElseThrow();
  }

  /** A postal address as stops compare it: lower case, one space between words. */
  private static String postal(String address) {
    return address.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static org.springframework.web.ErrorResponseException invalid(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid stop", detail).field(field).exception();
  }
}
