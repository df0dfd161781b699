package io.recoverly.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The collection KPIs of DESIGN §7 for a period [from, to) (engine dates, UTC) and optional filters, computed from the
 * recorded facts. Rates are null when their denominator is zero (no data is not 0 %).
 */
@Service
public class Kpis {

  /** The DPD buckets, in order; a case rolls when it moves to a later one. */
  static final List<String> BUCKETS = List.of("1-30", "31-60", "61-90", "90+");

  /** Calls and visits that reached the debtor (the outcomes that need a conversation). */
  static final String CONVERSATION = "('RIGHT_PARTY_CONTACT', 'PROMISE_TO_PAY', 'SETTLEMENT_REQUESTED',"
      + " 'PLAN_REQUESTED', 'HARDSHIP', 'DISPUTE', 'REFUSED', 'MET_DEBTOR')";

  /** How long after a conversation a payment is still attributed to the person who had it. */
  static final int ATTRIBUTION_DAYS = 30;

  private final JdbcClient jdbc;
  private final Clock clock;

  Kpis(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Filters; null means all. product, jurisdiction, strategy and modelVersion (of the case process) select cases; team
   * (a queue people work, such as agents or field-agents) and agent select people: their work, and the cases they
   * worked in the period.
   */
  public record Query(LocalDate from, LocalDate to, String product, String jurisdiction, String strategy,
      Integer modelVersion, String team, String agent) {

    public Query(LocalDate from, LocalDate to, String product, String jurisdiction) {
      this(from, to, product, jurisdiction, null, null, null, null);
    }

    Query withPeriod(LocalDate newFrom, LocalDate newTo) {
      return new Query(newFrom, newTo, product, jurisdiction, strategy, modelVersion, team, agent);
    }

    boolean byPeople() {
      return team != null || agent != null;
    }
  }

  public record Recovery(String currency, BigDecimal placed, BigDecimal collected, BigDecimal rate) {}

  public record Promises(long made, long due, long kept, long broken, BigDecimal keptRate, BigDecimal ptpRate) {}

  public record Contacts(long attempts, long calls, long rightPartyContacts, BigDecimal rightPartyContactRate,
      Map<String, Long> byChannel, Map<String, Long> blockedByRule) {}

  public record Sla(long due, long breached, BigDecimal breachRate) {}

  /** Cases opened in the period, and how many of them were cured: closed with the balance paid (in full or by plan). */
  public record Cure(long entered, long cured, BigDecimal rate) {}

  /** Of the cases open in {@code from} bucket at the period's start, those still open in a later bucket at its end. */
  public record Roll(String from, String to, long base, long rolled, BigDecimal rate) {}

  public record Incidents(long raised, long cases) {}

  /** Per person: work done, and the payments attributed to their conversations (per currency). */
  public record Agent(String agent, long tasksCompleted, long contacts, long promises,
      Map<String, BigDecimal> collected) {

    static Agent none(String agent) {
      return new Agent(agent, 0, 0, 0, Map.of());
    }
  }

  /** How long cases stayed in a stage they entered in the period (until they left it, or until now). */
  public record StageTime(String stage, long entries, double averageHours, double p90Hours) {}

  /** Open user tasks of one kind and how long they have waited: where cases wait for people. */
  public record Bottleneck(String task, String name, long open, long overdue, double averageWaitHours,
      double oldestWaitHours) {}

  /** One point of the trend: collected in [date, date + step), open cases and their aging at the step's end. */
  public record TrendPoint(LocalDate date, long openCases, Map<String, Long> aging, Map<String, BigDecimal> collected) {}

  public record Trend(String step, List<TrendPoint> points) {}

  public record Report(Query query, long openCases, Map<String, Long> casesByStage, Map<String, Long> agingBuckets,
      List<Recovery> recovery, Cure cure, List<Roll> rollRates, Promises promises, Contacts contacts, Sla sla,
      Incidents incidents, List<Agent> agents, List<StageTime> timeInStage, List<Bottleneck> bottlenecks,
      Trend trend) {}

  /** The DPD bucket of an expression of days past due (null below 1). */
  private static String bucket(String dpd) {
    return "case when " + dpd + " < 1 then null when " + dpd + " <= 30 then '1-30' when " + dpd + " <= 60 then '31-60'"
        + " when " + dpd + " <= 90 then '61-90' else '90+' end";
  }

  public Report compute(Query q) {
    Instant now = clock.instant();
    Map<String, Object> p = params(q, now);
    String cases = selection(q);

    Map<String, Long> byStage = new LinkedHashMap<>();
    jdbc.sql(cases + "select stage, count(*) from sel where status = 'OPEN' group by stage order by stage").params(p)
        .query((rs, n) -> byStage.put(rs.getString(1), rs.getLong(2))).list();
    long open = byStage.values().stream().mapToLong(Long::longValue).sum();

    Map<String, Long> aging = zeroBuckets();
    jdbc.sql(cases + "select " + bucket(":today - due_date") + " as b, count(*) from sel where status = 'OPEN'"
            + " and :today - due_date >= 1 group by b")
        .params(p).query((rs, n) -> aging.put(rs.getString(1), rs.getLong(2))).list();

    List<Recovery> recovery = jdbc.sql(cases + """
            select s.currency, sum(s.placed_balance) as placed,
                   coalesce((select sum(pay.amount) from payment pay join sel s2 on s2.id = pay.case_id
                              where s2.currency = s.currency and pay.paid_at >= :from and pay.paid_at < :to), 0)
                     as collected
              from sel s where s.opened_at < :to group by s.currency order by s.currency
            """).params(p)
        .query((rs, n) -> new Recovery(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
            rate(rs.getBigDecimal(3), rs.getBigDecimal(2))))
        .list();

    var cureRow = jdbc.sql(cases + """
            select count(*) as entered,
                   count(*) filter (where status = 'CLOSED' and outcome in ('PAID_IN_FULL', 'PLAN_COMPLETED')) as cured
              from sel where opened_at >= :from and opened_at < :to
            """).params(p).query().singleRow();
    Cure cure = new Cure(count(cureRow, "entered"), count(cureRow, "cured"),
        rate(count(cureRow, "cured"), count(cureRow, "entered")));

    List<Roll> rolls = rollRates(cases, p);

    var promiseRow = jdbc.sql(cases + """
            select count(*) filter (where pr.made_at >= :from and pr.made_at < :to) as made,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state <> 'OPEN') as due,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'KEPT') as kept,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'BROKEN') as broken
              from promise pr join sel on sel.id = pr.case_id
            """).params(p).query().singleRow();

    var contactRow = jdbc.sql(cases + """
            select count(*) filter (where coalesce(ca.guard_allowed, true)) as attempts,
                   count(*) filter (where ca.channel = 'CALL' and coalesce(ca.guard_allowed, true)) as calls,
                   count(*) filter (where ca.channel = 'CALL' and ca.outcome in\s""" + CONVERSATION + """
            ) as rpc
              from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to
            """).params(p).query().singleRow();
    Map<String, Long> byChannel = new LinkedHashMap<>();
    jdbc.sql(cases + """
            select ca.channel, count(*) from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to and coalesce(ca.guard_allowed, true)
             group by ca.channel order by ca.channel
            """).params(p).query((rs, n) -> byChannel.put(rs.getString(1), rs.getLong(2))).list();
    Map<String, Long> blocked = new LinkedHashMap<>();
    jdbc.sql(cases + """
            select ca.guard_rule, count(*) from contact_attempt ca join sel on sel.id = ca.case_id
             where ca.attempted_at >= :from and ca.attempted_at < :to and ca.guard_allowed = false
             group by ca.guard_rule order by ca.guard_rule
            """).params(p).query((rs, n) -> blocked.put(rs.getString(1), rs.getLong(2))).list();
    long calls = count(contactRow, "calls");
    long rpc = count(contactRow, "rpc");
    long made = count(promiseRow, "made");
    long due = count(promiseRow, "due");
    long kept = count(promiseRow, "kept");
    Promises promises = new Promises(made, due, kept, count(promiseRow, "broken"), rate(kept, due), rate(made, rpc));
    Contacts contacts = new Contacts(count(contactRow, "attempts"), calls, rpc, rate(rpc, calls), byChannel, blocked);

    var slaRow = jdbc.sql(cases + """
            select count(*) as due,
                   count(*) filter (where (t.state = 'COMPLETED' and t.completed_at > t.due_at)
                                       or (t.state = 'OPEN' and t.due_at < :now)) as breached
              from user_task t join sel on sel.id = t.case_id
             where t.due_at >= :from and t.due_at < :to and t.state <> 'CANCELED'
            """).params(p).query().singleRow();
    Sla sla = new Sla(count(slaRow, "due"), count(slaRow, "breached"),
        rate(count(slaRow, "breached"), count(slaRow, "due")));

    var incidentRow = jdbc.sql(cases + """
            select count(*) as raised, count(distinct e.case_id) as cases from case_event e join sel on sel.id = e.case_id
             where e.type = 'INCIDENT' and e.occurred_at >= :from and e.occurred_at < :to
            """).params(p).query().singleRow();
    Incidents incidents = new Incidents(count(incidentRow, "raised"), count(incidentRow, "cases"));

    // stage visits from the timeline: a STAGE_ENTERED lasts until the case's next stage entry or closure (or now)
    List<StageTime> timeInStage = jdbc.sql(cases + """
            , visits as (
              select e.details ->> 'stage' as stage, e.occurred_at as entered, e.type,
                     lead(e.occurred_at) over (partition by e.case_id order by e.occurred_at, e.id) as left_at
                from case_event e join sel on sel.id = e.case_id
               where e.type in ('STAGE_ENTERED', 'CASE_CLOSED'))
            select stage, count(*) as entries,
                   avg(extract(epoch from coalesce(left_at, :now) - entered)) / 3600 as avg_hours,
                   percentile_cont(0.9) within group (order by extract(epoch from coalesce(left_at, :now) - entered))
                     / 3600 as p90_hours
              from visits where type = 'STAGE_ENTERED' and entered >= :from and entered < :to
             group by stage order by stage
            """).params(p)
        .query((rs, n) -> new StageTime(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4))).list();

    List<Bottleneck> bottlenecks = jdbc.sql(cases + """
            select t.element_id, min(t.name) as name, count(*) as open,
                   count(*) filter (where t.due_at < :now) as overdue,
                   avg(extract(epoch from :now - t.created_at)) / 3600 as avg_wait,
                   max(extract(epoch from :now - t.created_at)) / 3600 as oldest_wait
              from user_task t join sel on sel.id = t.case_id
             where t.state = 'OPEN' group by t.element_id order by oldest_wait desc, t.element_id
            """).params(p)
        .query((rs, n) -> new Bottleneck(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getDouble(5), rs.getDouble(6)))
        .list();

    return new Report(q, open, byStage, aging, recovery, cure, rolls, promises, contacts, sla, incidents,
        agents(cases, p), timeInStage, bottlenecks, trend(q, cases, p, now));
  }

  /** Only the per-person figures of {@link #compute}: what the reports need. */
  List<Agent> agents(Query q) {
    return agents(selection(q), params(q, clock.instant()));
  }

  /** The query parameters every KPI query shares. */
  private Map<String, Object> params(Query q, Instant now) {
    Map<String, Object> p = new HashMap<>();
    Instant from = q.from().atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = q.to().atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = to.isBefore(now) ? to : now; // the period's end as far as it has happened
    p.put("from", Timestamp.from(from));
    p.put("to", Timestamp.from(to));
    p.put("end", Timestamp.from(end.isBefore(from) ? from : end));
    p.put("endDate", LocalDate.ofInstant(end.isBefore(from) ? from : end, ZoneOffset.UTC));
    p.put("fromDate", q.from());
    p.put("toDate", q.to());
    p.put("today", LocalDate.ofInstant(now, ZoneOffset.UTC));
    p.put("now", Timestamp.from(now));
    p.put("product", q.product());
    p.put("jurisdiction", q.jurisdiction());
    p.put("strategy", q.strategy());
    p.put("modelVersion", q.modelVersion());
    p.put("people", people(q));
    return p;
  }

  /** The people a team/agent filter selects (a list with one impossible name when it selects nobody). */
  private List<String> people(Query q) {
    if (!q.byPeople()) {
      return List.of();
    }
    List<String> people = q.team() == null ? new ArrayList<>(List.of(q.agent()))
        : new ArrayList<>(jdbc.sql("select username from app_user where :team = any(groups) order by username")
            .param("team", q.team()).query(String.class).list());
    if (q.agent() != null) {
      people.retainAll(List.of(q.agent()));
    }
    return people.isEmpty() ? List.of("") : people;
  }

  /** A common table expression, sel, of the cases the filters select; every query starts from it. */
  private static String selection(Query q) {
    String worked = !q.byPeople() ? "" : """
           and c.id in (select ca.case_id from contact_attempt ca where ca.agent in (:people)
                           and ca.attempted_at >= :from and ca.attempted_at < :to
                        union select t.case_id from user_task t where t.state = 'COMPLETED' and t.completed_by in (:people)
                           and t.completed_at >= :from and t.completed_at < :to)
        """;
    return """
        with sel as (
          select c.id, c.stage, c.status, c.outcome, c.opened_at, c.closed_at, a.balance, a.placed_balance, a.currency,
                 a.due_date
            from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id
           where (cast(:product as text) is null or a.product = :product)
             and (cast(:jurisdiction as text) is null or d.jurisdiction = :jurisdiction)
             and (cast(:strategy as text) is null or c.strategy = :strategy)
             and (cast(:modelVersion as integer) is null or c.process_version = :modelVersion)
        """ + worked + ")\n";
  }

  /**
   * Roll rates: the cases open at the period's start, by their bucket then; rolled = still open at the period's end (or
   * now, when that is earlier) and in a later bucket. A case that closed, or paid its way out, did not roll.
   */
  private List<Roll> rollRates(String cases, Map<String, Object> p) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    BUCKETS.subList(0, BUCKETS.size() - 1).forEach(b -> counts.put(b, new long[2]));
    String order = "array_position(array['1-30','31-60','61-90','90+']::text[], %s)";
    jdbc.sql(cases + """
            , b as (
              select %s as b0, case when closed_at is null or closed_at >= :end then %s end as b1
                from sel where opened_at < :from and (closed_at is null or closed_at >= :from))
            select b0, count(*) as base, count(*) filter (where %s > %s) as rolled
              from b where b0 is not null and b0 <> '90+' group by b0
            """.formatted(bucket(":fromDate - due_date"), bucket(":endDate - due_date"), order.formatted("b1"),
            order.formatted("b0")))
        .params(p).query((rs, n) -> counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
    List<Roll> rolls = new ArrayList<>();
    counts.forEach((b, c) -> rolls.add(new Roll(b, BUCKETS.get(BUCKETS.indexOf(b) + 1), c[0], c[1], rate(c[1], c[0]))));
    return rolls;
  }

  /**
   * Per person: tasks completed, contacts made, promises taken, and the payments attributed to them: a payment belongs
   * to the person who had the case's latest conversation (call or visit) in the 30 days before it was paid.
   */
  private List<Agent> agents(String cases, Map<String, Object> p) {
    boolean byPeople = !((List<?>) p.get("people")).isEmpty();
    String person = byPeople ? " and %s in (:people)" : "";
    Map<String, Agent> agents = new TreeMap<>();
    jdbc.sql(cases + """
            select agent, sum(tasks) as tasks, sum(contacts) as contacts, sum(promises) as promises from (
              select t.completed_by as agent, 1 as tasks, 0 as contacts, 0 as promises
                from user_task t join sel on sel.id = t.case_id
               where t.state = 'COMPLETED' and t.completed_at >= :from and t.completed_at < :to%s
              union all
              select ca.agent, 0, 1, case when ca.outcome = 'PROMISE_TO_PAY' then 1 else 0 end
                from contact_attempt ca join sel on sel.id = ca.case_id
               where ca.agent is not null and ca.attempted_at >= :from and ca.attempted_at < :to%s) x
             group by agent
            """.formatted(person.formatted("t.completed_by"), person.formatted("ca.agent"))).params(p)
        .query((rs, n) -> agents.put(rs.getString(1),
            new Agent(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), new TreeMap<>())))
        .list();
    jdbc.sql(cases + """
            select x.agent, x.currency, sum(x.amount) from (
              select pay.currency, pay.amount,
                     (select ca.agent from contact_attempt ca
                       where ca.case_id = pay.case_id and ca.agent is not null and ca.outcome in\s""" + CONVERSATION
            + """
                         and ca.attempted_at <= pay.paid_at
                         and ca.attempted_at > pay.paid_at - make_interval(days => %d)
                       order by ca.attempted_at desc, ca.id desc limit 1) as agent
                from payment pay join sel on sel.id = pay.case_id
               where pay.paid_at >= :from and pay.paid_at < :to) x
             where x.agent is not null%s group by x.agent, x.currency
            """.formatted(ATTRIBUTION_DAYS, person.formatted("x.agent"))).params(p)
        .query((rs, n) -> agents.computeIfAbsent(rs.getString(1),
            a -> new Agent(a, 0, 0, 0, new TreeMap<>())).collected().put(rs.getString(2), rs.getBigDecimal(3)))
        .list();
    return List.copyOf(agents.values());
  }

  /**
   * Collected per step, and open cases with their aging at each step's end (or now), for the steps of the period that
   * have begun: days for periods up to 62 days, weeks (from the period's first day) up to a year, months beyond.
   */
  private Trend trend(Query q, String cases, Map<String, Object> p, Instant now) {
    long days = ChronoUnit.DAYS.between(q.from(), q.to());
    String step = days <= 62 ? "DAY" : days <= 366 ? "WEEK" : "MONTH";
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<LocalDate, TrendPoint> points = new LinkedHashMap<>();
    for (LocalDate d = q.from(); d.isBefore(q.to()) && !d.isAfter(today); d = next(d, step)) {
      points.put(d, new TrendPoint(d, 0, zeroBuckets(), new TreeMap<>()));
    }
    if (points.isEmpty()) {
      return new Trend(step, List.of());
    }
    // the points as rows (index, start, end, end date), so no date arithmetic depends on the session's time zone
    Instant to = q.to().atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Object[]> rows = new ArrayList<>();
    List<LocalDate> dates = List.copyOf(points.keySet());
    for (int i = 0; i < dates.size(); i++) {
      Instant start = dates.get(i).atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant end = next(dates.get(i), step).atStartOfDay().toInstant(ZoneOffset.UTC);
      end = end.isAfter(to) ? to : end;
      end = end.isAfter(now) ? now : end;
      rows.add(new Object[] {i, Timestamp.from(start), Timestamp.from(end), LocalDate.ofInstant(end, ZoneOffset.UTC)});
    }
    Map<String, Object> tp = new HashMap<>(p);
    tp.put("points", rows);
    String pts = """
        , pts as (select cast(v.i as integer) as i, cast(v.ps as timestamptz) as ps, cast(v.pe as timestamptz) as pe,
                         cast(v.pd as date) as pd from (values :points) as v(i, ps, pe, pd))
        """;
    Map<LocalDate, Long> openAt = new HashMap<>();
    jdbc.sql(cases + pts + """
            select pts.i, %s as b, count(*) from pts join sel
                on sel.opened_at < pts.pe and (sel.closed_at is null or sel.closed_at >= pts.pe)
             group by pts.i, b
            """.formatted(bucket("pts.pd - sel.due_date"))).params(tp)
        .query((rs, n) -> {
          LocalDate d = dates.get(rs.getInt(1));
          openAt.merge(d, rs.getLong(3), Long::sum);
          if (rs.getString(2) != null) {
            points.get(d).aging().put(rs.getString(2), rs.getLong(3));
          }
          return d;
        }).list();
    jdbc.sql(cases + pts + """
            select pts.i, pay.currency, sum(pay.amount) from pts
              join payment pay on pay.paid_at >= pts.ps and pay.paid_at < pts.pe join sel on sel.id = pay.case_id
             group by pts.i, pay.currency
            """).params(tp)
        .query((rs, n) -> points.get(dates.get(rs.getInt(1))).collected().put(rs.getString(2), rs.getBigDecimal(3)))
        .list();
    return new Trend(step, points.values().stream()
        .map(t -> new TrendPoint(t.date(), openAt.getOrDefault(t.date(), 0L), t.aging(), t.collected())).toList());
  }

  private static LocalDate next(LocalDate d, String step) {
    return switch (step) {
      case "DAY" -> d.plusDays(1);
      case "WEEK" -> d.plusWeeks(1);
      default -> d.plusMonths(1);
    };
  }

  private static Map<String, Long> zeroBuckets() {
    Map<String, Long> buckets = new LinkedHashMap<>();
    BUCKETS.forEach(b -> buckets.put(b, 0L));
    return buckets;
  }

  private static long count(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  static BigDecimal rate(long numerator, long denominator) {
    return rate(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
  }

  /** numerator / denominator to 4 decimals, or null when there is nothing to divide by. */
  static BigDecimal rate(BigDecimal numerator, BigDecimal denominator) {
    if (denominator == null || denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, 4, RoundingMode.HALF_UP);
  }
}
