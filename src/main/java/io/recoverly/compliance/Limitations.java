package io.recoverly.compliance;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Time-barred debt (12 CFR 1006.26): the statute of limitations per US state and kind of debt (table
 * {@code limitation_period}, compliance edits it, seeded with common values and their source), and whether a case's
 * debt is past it. The period runs from the last payment, else the charge-off, else the due date the lender's file
 * gives; the state is the file's, else the one the postal address ends with ({@code ..., IL 62704}). A time-barred
 * debt is never escalated to legal (the escalation decision reads the flag: 1006.26(b) forbids suing or threatening
 * to), and its letters carry the state's disclosure where the state requires one.
 */
@Service
public class Limitations {

  public static final Set<String> DEBT_TYPES = Set.of("WRITTEN", "OPEN_ACCOUNT", "ANY");
  /** A postal address that ends with a state, maybe then a ZIP code ({@code ..., Sacramento, CA 95814}). */
  private static final Pattern STATE_IN_ADDRESS =
      Pattern.compile("(?:^|[,\\s])([A-Z]{2})(?:\\s+\\d{5}(?:-\\d{4})?)?\\s*$");

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final CurrentActor current;
  private final Clock clock;

  Limitations(JdbcClient jdbc, AuditTrail audit, CurrentActor current, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.current = current;
    this.clock = clock;
  }

  /** One row of the table. */
  public record Period(String state, String debtType, int years, String disclosure, String source, String updatedBy,
      Instant updatedAt) {}

  /**
   * What the limitation says of a case. {@code known} false when it cannot be judged (not a US debt, no state, no row
   * for the state): then {@code timeBarred} is false and {@code why} says so.
   */
  public record Status(boolean known, boolean timeBarred, String state, String debtType, Integer years,
      LocalDate runsFrom, String runsFromWhat, LocalDate expiresOn, String disclosure, String source, String why) {}

  public List<Period> all() {
    return jdbc.sql("select * from limitation_period order by state, debt_type").query((rs, n) -> period(rs)).list();
  }

  @Transactional
  public Period save(String state, String debtType, Integer years, String disclosure, String source) {
    String s = state == null ? "" : state.strip().toUpperCase(Locale.ROOT);
    String t = debtType == null ? "" : debtType.strip().toUpperCase(Locale.ROOT);
    if (!io.recoverly.cases.ContactPointRules.US_STATES.contains(s)) {
      throw invalid("state", "a US state's two-letter code (or DC)");
    }
    if (!DEBT_TYPES.contains(t)) {
      throw invalid("debtType", "one of " + DEBT_TYPES.stream().sorted().toList());
    }
    if (years == null || years < 1 || years > 30) {
      throw invalid("years", "the limitation period in years, 1 to 30");
    }
    if (source == null || source.isBlank() || source.length() > 300 || InputHygiene.lineProblem(source).isPresent()) {
      throw invalid("source", "the statute it comes from, 1-300 printable characters on one line");
    }
    if (disclosure != null && (disclosure.length() > 1000 || InputHygiene.textProblem(disclosure).isPresent())) {
      throw invalid("disclosure", "the state's required words, at most 1,000 printable characters (null: none)");
    }
    var before = jdbc.sql("select * from limitation_period where state = :s and debt_type = :t").param("s", s)
        .param("t", t).query((rs, n) -> period(rs)).optional().orElse(null);
    String by = current.find().map(a -> a.username()).orElse("system");
    jdbc.sql("""
            insert into limitation_period (state, debt_type, years, disclosure, source, updated_by, updated_at)
            values (:s, :t, :years, :disclosure, :source, :by, :at)
            on conflict (state, debt_type) do update set years = excluded.years, disclosure = excluded.disclosure,
                   source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """)
        .param("s", s).param("t", t).param("years", years)
        .param("disclosure", disclosure == null || disclosure.isBlank() ? null : disclosure.strip())
        .param("source", source.strip()).param("by", by).param("at", Timestamp.from(clock.instant())).update();
    Period after = jdbc.sql("select * from limitation_period where state = :s and debt_type = :t").param("s", s)
        .param("t", t).query((rs, n) -> period(rs)).single();
    audit.record("LIMITATION_CHANGED", null, null, "Statute of limitations " + s + " " + t + ": " + years + " years",
        before, after);
    return after;
  }

  /** The limitation of a case's debt now. */
  public Status of(UUID caseId) {
    var facts = jdbc.sql("select * from case_limitation_facts where case_id = :id").param("id", caseId)
        .query().listOfRows();
    if (facts.isEmpty()) {
      throw Problems.of(HttpStatus.NOT_FOUND, "Unknown case", "no case " + caseId).exception();
    }
    Map<String, Object> f = facts.getFirst();
    if (!"US".equals(f.get("jurisdiction"))) {
      return unknown("the statute-of-limitations table is for US debts");
    }
    String state = (String) f.get("state");
    if (state == null) {
      state = stateOf((String) f.get("address")).orElse(null);
    }
    if (state == null) {
      return unknown("no US state on file: the lender's file gives none and the address does not end with one");
    }
    String type = debtType((String) f.get("product"));
    var period = jdbc.sql("""
            select * from limitation_period where state = :s and debt_type in (:t, 'ANY')
             order by case when debt_type = :t then 0 else 1 end limit 1
            """).param("s", state).param("t", type).query((rs, n) -> period(rs)).optional();
    if (period.isEmpty()) {
      return new Status(false, false, state, type, null, null, null, null, null, null,
          "no limitation period for " + state + " in the table: compliance adds one");
    }
    LocalDate start;
    String from;
    if (f.get("last_payment_date") != null) {
      start = ((java.sql.Date) f.get("last_payment_date")).toLocalDate();
      from = "last payment";
    } else if (f.get("charge_off_date") != null) {
      start = ((java.sql.Date) f.get("charge_off_date")).toLocalDate();
      from = "charge-off";
    } else {
      start = ((java.sql.Date) f.get("due_date")).toLocalDate();
      from = "default (due date)";
    }
    LocalDate expires = start.plusYears(period.get().years());
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    boolean barred = !today.isBefore(expires);
    return new Status(true, barred, state, type, period.get().years(), start, from, expires,
        period.get().disclosure(), period.get().source(), barred ? "time-barred since " + expires
            : "within the limitation period until " + expires);
  }

  /** The disclosure a letter about this case must carry, when its debt is time-barred and the state requires one. */
  public Optional<String> letterDisclosure(UUID caseId) {
    Status s = of(caseId);
    return s.timeBarred() && s.disclosure() != null ? Optional.of(s.disclosure()) : Optional.empty();
  }

  /** The kind of debt a product is, for the table: a card or a line of credit is an open account. */
  static String debtType(String product) {
    String p = product == null ? "" : product.toUpperCase(Locale.ROOT);
    return p.contains("CARD") || p.contains("LINE") || p.contains("REVOLV") ? "OPEN_ACCOUNT" : "WRITTEN";
  }

  /** The state a US postal address ends with (state code and ZIP), if any. */
  static Optional<String> stateOf(String address) {
    if (address == null) {
      return Optional.empty();
    }
    Matcher m = STATE_IN_ADDRESS.matcher(address.strip());
    return m.find() && io.recoverly.cases.ContactPointRules.US_STATES.contains(m.group(1)) ? Optional.of(m.group(1))
        : Optional.empty();
  }

  private static Status unknown(String why) {
    return new Status(false, false, null, null, null, null, null, null, null, null, why);
  }

  private static Period period(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Period(rs.getString("state"), rs.getString("debt_type"), rs.getInt("years"), rs.getString("disclosure"),
        rs.getString("source"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
  }

  private static org.springframework.web.ErrorResponseException invalid(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid limitation period", detail).field(field).exception();
  }
}
