package io.recoverly.complaints;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.cases.PiiMask;
import io.recoverly.compliance.AuditTrail;
import io.recoverly.engine.EngineCommands;
import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * A debtor's complaints. Raised on a case (by an agent for the debtor: on the phone, by letter, ...), each starts the
 * {@code complaint} process: a task for compliance (queue {@code complaints}) due within the jurisdiction's time
 * limit, escalated to the grievance officer when the limit passes unresolved. The time limits and their sources:
 * <ul>
 *   <li>India: 30 days. RBI, Integrated Ombudsman Scheme 2021, clause 10(1)(a): a complainant may go to the
 *       Ombudsman when the regulated entity has not replied within 30 days; the RBI's fair practices code for lenders
 *       requires a grievance redressal officer;</li>
 *   <li>US: 15 days, the CFPB's expectation for a company's response to a complaint (final within 60).</li>
 * </ul>
 */
@Service
public class Complaints {

  static final String MESSAGE = "complaint-raised";
  public static final List<String> CATEGORIES = List.of("AGENT_CONDUCT", "CONTACT_FREQUENCY", "CONTACT_TIME",
      "WRONG_AMOUNT", "PRIVACY", "FEES_CHARGES", "HARASSMENT", "OTHER");
  public static final List<String> CHANNELS = List.of("PHONE", "EMAIL", "LETTER", "SMS", "IN_PERSON", "PORTAL");
  static final Map<String, Duration> TIME_LIMITS = Map.of("IN", Duration.ofDays(30), "US", Duration.ofDays(15));
  static final Duration DEFAULT_LIMIT = Duration.ofDays(30);
  static final Set<String> OUTCOMES = Set.of("UPHELD", "PARTLY_UPHELD", "NOT_UPHELD");

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final AuditTrail audit;
  private final EngineCommands commands;
  private final Clock clock;

  Complaints(JdbcClient jdbc, Cases cases, CaseTimeline timeline, AuditTrail audit, EngineCommands commands,
      Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.audit = audit;
    this.commands = commands;
    this.clock = clock;
  }

  /** A complaint as the case page and the API show it. */
  public record Complaint(UUID id, UUID caseId, String category, String channel, String details, String state,
      String raisedBy, Instant raisedAt, Instant dueAt, Instant escalatedAt, Instant resolvedAt, String resolvedBy,
      String outcome, String resolution) {}

  @Transactional
  public Complaint raise(UUID caseId, String category, String details, String channel, String by) {
    var c = cases.get(caseId);
    String cat = upper(category);
    if (!CATEGORIES.contains(cat)) {
      throw invalid("category", "one of " + CATEGORIES);
    }
    String ch = upper(channel);
    if (!CHANNELS.contains(ch)) {
      throw invalid("channel", "how the debtor complained: one of " + CHANNELS);
    }
    if (details == null || details.isBlank() || details.length() > 2000
        || InputHygiene.textProblem(details).isPresent()) {
      throw invalid("details", "what the debtor complains of, 1-2,000 printable characters");
    }
    Instant now = clock.instant();
    String jurisdiction = cases.contactPoints(caseId).map(p -> p.jurisdiction()).orElse("");
    Instant due = now.plus(TIME_LIMITS.getOrDefault(jurisdiction, DEFAULT_LIMIT));
    UUID id = UUID.randomUUID();
    // the debtor's words are read by everyone who works the case: contact details and identifiers in them are masked
    String text = PiiMask.scrubText(details.strip());
    jdbc.sql("""
            insert into complaint (id, case_id, category, channel, details, state, raised_by, raised_at, due_at)
            values (:id, :case, :category, :channel, :details, 'OPEN', :by, :at, :due)
            """)
        .param("id", id).param("case", caseId).param("category", cat).param("channel", ch).param("details", text)
        .param("by", by).param("at", Timestamp.from(now)).param("due", Timestamp.from(due)).update();
    timeline.record(caseId, "COMPLAINT_RAISED", "Complaint (" + cat.toLowerCase(Locale.ROOT).replace('_', ' ')
        + ") raised by " + ch.toLowerCase(Locale.ROOT).replace('_', ' ') + "; compliance resolves it by " + due,
        Map.of("complaintId", id.toString(), "category", cat, "dueAt", due.toString()), null);
    audit.record("COMPLAINT_RAISED", caseId, null, "Complaint " + id + " (" + cat + ") raised", null,
        Map.of("category", cat, "channel", ch, "dueAt", due.toString()));
    commands.publishMessage(MESSAGE, id.toString(), "complaint:" + id, Map.of("caseId", caseId.toString(),
        "complaintId", id.toString(), "complaintCategory", cat, "complaintChannel", ch, "complaintDetails", text,
        "complaintDueAt", due.toString(), "accountRef", c.accountRef()));
    return get(id);
  }

  public List<Complaint> of(UUID caseId) {
    cases.get(caseId);
    return jdbc.sql("select * from complaint where case_id = :id order by raised_at desc, id").param("id", caseId)
        .query((rs, n) -> map(rs)).list();
  }

  Complaint get(UUID id) {
    return jdbc.sql("select * from complaint where id = :id").param("id", id).query((rs, n) -> map(rs)).single();
  }

  /** The time limit passed unresolved: the complaint goes to the grievance officer (job {@code escalate-complaint}). */
  @Transactional
  void escalate(UUID complaintId) {
    var row = jdbc.sql("""
            update complaint set state = 'ESCALATED', escalated_at = :at where id = :id and state = 'OPEN'
            returning case_id
            """).param("at", Timestamp.from(clock.instant())).param("id", complaintId).query(UUID.class).optional();
    row.ifPresent(caseId -> timeline.record(caseId, "COMPLAINT_ESCALATED", "Complaint not resolved within its time"
        + " limit: escalated to the grievance officer", Map.of("complaintId", complaintId.toString()),
        "complaint-escalated:" + complaintId));
  }

  /**
   * Compliance (or the grievance officer) resolved it: the task's finding and answer are kept, once (job
   * {@code record-complaint-resolution}, after the task).
   */
  @Transactional
  void resolve(UUID complaintId, String outcome, String resolution, String by) {
    String text = resolution == null ? "" : PiiMask.scrubText(resolution);
    var row = jdbc.sql("""
            update complaint set state = 'RESOLVED', resolved_at = :at, resolved_by = :by, outcome = :outcome,
                   resolution = :resolution
             where id = :id and state in ('OPEN', 'ESCALATED') returning case_id
            """)
        .param("at", Timestamp.from(clock.instant())).param("by", by == null ? "unknown" : by)
        .param("outcome", outcome == null || !OUTCOMES.contains(outcome) ? null : outcome)
        .param("resolution", text.length() > 2000 ? text.substring(0, 2000) : text).param("id", complaintId)
        .query(UUID.class).optional();
    row.ifPresent(caseId -> timeline.record(caseId, "COMPLAINT_RESOLVED", "Complaint resolved ("
        + String.valueOf(outcome).toLowerCase(Locale.ROOT).replace('_', ' ') + ") by " + by,
        Map.of("complaintId", complaintId.toString(), "outcome", String.valueOf(outcome)),
        "complaint-resolved:" + complaintId));
  }

  /**
   * The complaint KPIs of a period: raised, per 1,000 accounts held, by category, resolved, escalated, open past their
   * limit now, the mean and the longest days to resolve.
   */
  public Map<String, Object> kpis(Instant from, Instant to) {
    long accounts = jdbc.sql("select count(*) from collection_case where opened_at < :to").param("to",
        Timestamp.from(to)).query(Long.class).single();
    var totals = jdbc.sql("""
            select count(*) as raised, count(*) filter (where state = 'RESOLVED') as resolved,
                   count(*) filter (where escalated_at is not null) as escalated,
                   count(*) filter (where state <> 'RESOLVED' and due_at < :now) as overdue,
                   avg(extract(epoch from resolved_at - raised_at) / 86400) as mean_days,
                   max(extract(epoch from resolved_at - raised_at) / 86400) as max_days
              from complaint where raised_at >= :from and raised_at < :to
            """)
        .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("now", Timestamp.from(clock.instant()))
        .query().singleRow();
    Map<String, Long> byCategory = new LinkedHashMap<>();
    CATEGORIES.forEach(c -> byCategory.put(c, 0L));
    jdbc.sql("""
            select category, count(*) from complaint where raised_at >= :from and raised_at < :to group by category
            """).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .query(rs -> {
          byCategory.put(rs.getString(1), rs.getLong(2));
        });
    long raised = ((Number) totals.get("raised")).longValue();
    Map<String, Object> kpis = new LinkedHashMap<>();
    kpis.put("from", from);
    kpis.put("to", to);
    kpis.put("raised", raised);
    kpis.put("accounts", accounts);
    kpis.put("per1000Accounts", accounts == 0 ? null : BigDecimal.valueOf(raised * 1000L)
        .divide(BigDecimal.valueOf(accounts), 2, RoundingMode.HALF_UP));
    kpis.put("byCategory", byCategory);
    kpis.put("resolved", ((Number) totals.get("resolved")).longValue());
    kpis.put("escalated", ((Number) totals.get("escalated")).longValue());
    kpis.put("overdueNow", ((Number) totals.get("overdue")).longValue());
    kpis.put("meanDaysToResolve", days(totals.get("mean_days")));
    kpis.put("maxDaysToResolve", days(totals.get("max_days")));
    return kpis;
  }

  private static BigDecimal days(Object value) {
    return value == null ? null : new BigDecimal(value.toString()).setScale(1, RoundingMode.HALF_UP);
  }

  private static Complaint map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Complaint(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class), rs.getString("category"),
        rs.getString("channel"), rs.getString("details"), rs.getString("state"), rs.getString("raised_by"),
        instant(rs.getTimestamp("raised_at")), instant(rs.getTimestamp("due_at")),
        instant(rs.getTimestamp("escalated_at")), instant(rs.getTimestamp("resolved_at")),
        rs.getString("resolved_by"), rs.getString("outcome"), rs.getString("resolution"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static String upper(String s) {
    return s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
  }

  private static org.springframework.web.ErrorResponseException invalid(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid complaint", detail).field(field).exception();
  }
}
