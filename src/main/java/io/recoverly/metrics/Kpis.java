package io.recoverly.metrics;

import io.recoverly.contact.ContactAttempts;
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
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The collection KPIs of DESIGN §7 for a period [from, to) (engine dates, UTC) and optional filters, computed from the
 * recorded facts. Rates are null when their denominator is zero (no data is not 0 %).
 *
 * <p>Cost: one pass over the selected cases (aggregated here: stages, aging, placed balance, cure, roll rates, the
 * trend's open cases) and one grouped query per kind of fact in the period (payments, contact attempts, promises,
 * tasks, incidents, stage visits), each on an index of its time. With a filter, the selected case ids are written
 * once into a temporary table that the fact queries join; without one, facts are read by their time alone. All of
 * it runs in one repeatable-read transaction, so the figures of a report come from one snapshot and add up.
 * {@code KpiBenchmark} measures it at 100,000 cases.
 */
@Service
public class Kpis {

  /** The DPD buckets, in order; a case rolls when it moves to a later one. */
  static final List<String> BUCKETS = List.of("1-30", "31-60", "61-90", "90+");

  /** Cases closed with their balance paid: returned to current. */
  static final Set<String> CURED = Set.of("PAID_IN_FULL", "PLAN_COMPLETED");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate snapshot;

  Kpis(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.snapshot = new TransactionTemplate(transactions);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  /**
   * Filters; null means all. product, jurisdiction, strategy, modelVersion (of the case process) and creditor (the
   * lender the account belongs to) select cases; team
   * (a queue people work, such as agents or field-agents) and agent select people: their work, and the cases they
   * worked in the period.
   */
  public record Query(LocalDate from, LocalDate to, String product, String jurisdiction, String strategy,
      Integer modelVersion, String team, String agent, String creditor) {

    public Query(LocalDate from, LocalDate to, String product, String jurisdiction) {
      this(from, to, product, jurisdiction, null, null, null, null, null);
    }

    public Query(LocalDate from, LocalDate to, String product, String jurisdiction, String strategy,
        Integer modelVersion, String team, String agent) {
      this(from, to, product, jurisdiction, strategy, modelVersion, team, agent, null);
    }

    boolean byPeople() {
      return team != null || agent != null;
    }

    boolean filtered() {
      return product != null || jurisdiction != null || strategy != null || modelVersion != null || creditor != null
          || byPeople();
    }
  }

  public record Recovery(String currency, BigDecimal placed, BigDecimal collected, BigDecimal rate) {}

  public record Promises(long made, long due, long kept, long broken, BigDecimal keptRate, BigDecimal ptpRate) {}

  public record Contacts(long attempts, long calls, long rightPartyContacts, BigDecimal rightPartyContactRate,
      Map<String, Long> byChannel, Map<String, Long> blockedByRule) {}

  public record Sla(long due, long breached, BigDecimal breachRate) {}

  /** Cases opened in the period, and how many of them were cured: closed with the balance paid (in full or by plan). */
  public record Cure(long entered, long cured, BigDecimal rate) {}

  /**
   * Of the cases in {@code from} bucket at the period's start (or at placement, when placed during the period), those
   * still open and in a later bucket at its end (or now).
   */
  public record Roll(String from, String to, long base, long rolled, BigDecimal rate) {}

  /**
   * @param raised incidents the engine raised in the period
   * @param cases the cases they stuck
   * @param stuckNow open cases the watchdog finds stuck now: no task, no timer ahead, nothing on its way to the engine
   */
  public record Incidents(long raised, long cases, long stuckNow) {}

  /** Per person: work done, and the payments credited to their conversations (per currency). */
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

  /** The values the KPI filters can take, as they occur in the data: what a dashboard offers to choose from. */
  public record FilterValues(List<String> products, List<String> jurisdictions, List<String> strategies,
      List<Integer> modelVersions, List<String> teams, List<String> people, List<String> creditors) {}

  public FilterValues filterValues() {
    return new FilterValues(
        jdbc.sql("select distinct product from account order by 1").query(String.class).list(),
        // the jurisdictions with contact rules, and any other the data holds
        jdbc.sql("select jurisdiction from contact_policy union select distinct jurisdiction from debtor"
            + " where jurisdiction is not null order by 1").query(String.class).list(),
        jdbc.sql("select distinct strategy from collection_case where strategy is not null order by 1")
            .query(String.class).list(),
        jdbc.sql("select distinct process_version from collection_case where process_version is not null order by 1")
            .query(Integer.class).list(),
        jdbc.sql("select distinct g from app_user, unnest(groups) as g order by 1").query(String.class).list(),
        jdbc.sql("select username from app_user where enabled order by 1").query(String.class).list(),
        jdbc.sql("select distinct creditor from account order by 1").query(String.class).list());
  }

  public Report compute(Query q) {
    return snapshot.execute(tx -> computeInSnapshot(q));
  }

  private Report computeInSnapshot(Query q) {
    Period period = new Period(q, clock.instant());
    Map<String, Object> p = params(q, period);
    String filter = selectCases(q, p);
    CasePass cases = casePass(q, period, p);

    Map<String, Agent> agents = personalWork(q, p, filter);
    Map<String, BigDecimal> collected = payments(q, p, filter, period, agents);
    Set<String> currencies = new java.util.TreeSet<>(cases.placed.keySet());
    currencies.addAll(collected.keySet());
    List<Recovery> recovery = currencies.stream().map(c -> new Recovery(c, cases.placed.getOrDefault(c, BigDecimal.ZERO),
        collected.getOrDefault(c, BigDecimal.ZERO), rate(collected.getOrDefault(c, BigDecimal.ZERO),
            cases.placed.get(c)))).toList();

    var promiseRow = jdbc.sql("""
            select count(*) filter (where pr.made_at >= :from and pr.made_at < :to) as made,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state <> 'OPEN') as due,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'KEPT') as kept,
                   count(*) filter (where pr.promised_for >= :fromDate and pr.promised_for < :toDate
                                      and pr.state = 'BROKEN') as broken
              from promise pr
             where ((pr.made_at >= :from and pr.made_at < :to)
                    or (pr.promised_for >= :fromDate and pr.promised_for < :toDate))""" + filter.formatted("pr.case_id"))
        .params(p).query().singleRow();

    // contact attempts in the period, grouped once: attempts, calls, right-party contacts, channels, held by rule
    long[] attempts = new long[3];
    Map<String, Long> byChannel = new TreeMap<>();
    Map<String, Long> blocked = new TreeMap<>();
    jdbc.sql("""
            select ca.channel, coalesce(ca.guard_allowed, true) as allowed, ca.guard_rule,
                   ca.outcome in (:rightParty) as conversation, count(*)
              from contact_attempt ca
             where ca.attempted_at >= :from and ca.attempted_at < :to""" + filter.formatted("ca.case_id") + """
             group by 1, 2, 3, 4
            """).params(p)
        .query((rs, n) -> {
          long count = rs.getLong(5);
          if (!rs.getBoolean(2)) {
            blocked.merge(String.valueOf(rs.getString(3)), count, Long::sum);
            return count;
          }
          attempts[0] += count;
          byChannel.merge(rs.getString(1), count, Long::sum);
          if (rs.getString(1).equals("CALL")) {
            attempts[1] += count;
            attempts[2] += rs.getBoolean(4) ? count : 0;
          }
          return count;
        }).list();
    long made = count(promiseRow, "made");
    long due = count(promiseRow, "due");
    long kept = count(promiseRow, "kept");
    Promises promises = new Promises(made, due, kept, count(promiseRow, "broken"), rate(kept, due),
        rate(made, attempts[2]));
    Contacts contacts = new Contacts(attempts[0], attempts[1], attempts[2], rate(attempts[2], attempts[1]), byChannel,
        blocked);

    var slaRow = jdbc.sql("""
            select count(*) as due,
                   count(*) filter (where (t.state = 'COMPLETED' and t.completed_at > t.due_at)
                                       or (t.state = 'OPEN' and t.due_at < :now)) as breached
              from user_task t
             where t.due_at >= :from and t.due_at < :to and t.state <> 'CANCELED'""" + filter.formatted("t.case_id"))
        .params(p).query().singleRow();
    Sla sla = new Sla(count(slaRow, "due"), count(slaRow, "breached"),
        rate(count(slaRow, "breached"), count(slaRow, "due")));

    var incidentRow = jdbc.sql("""
            select count(*) as raised, count(distinct e.case_id) as cases from case_event e
             where e.type = 'INCIDENT' and e.occurred_at >= :from and e.occurred_at < :to"""
            + filter.formatted("e.case_id")).params(p).query().singleRow();
    long stuck = jdbc.sql("select count(*) from collection_case c where c.stuck_at is not null and c.status = 'OPEN'"
        + filter.formatted("c.id")).params(p).query(Long.class).single();
    Incidents incidents = new Incidents(count(incidentRow, "raised"), count(incidentRow, "cases"), stuck);

    // stage visits (kept by the database from the timeline) that began in the period, until they ended or now
    List<StageTime> timeInStage = jdbc.sql("""
            select v.stage, count(*) as entries,
                   avg(extract(epoch from coalesce(v.left_at, :now) - v.entered_at)) / 3600 as avg_hours,
                   percentile_cont(0.9) within group (order by extract(epoch from coalesce(v.left_at, :now) - v.entered_at))
                     / 3600 as p90_hours
              from stage_visit v
             where v.entered_at >= :from and v.entered_at < :to""" + filter.formatted("v.case_id") + """
             group by v.stage order by v.stage
            """).params(p)
        .query((rs, n) -> new StageTime(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4))).list();

    List<Bottleneck> bottlenecks = jdbc.sql("""
            select t.element_id, min(t.name) as name, count(*) as open,
                   count(*) filter (where t.due_at < :now) as overdue,
                   avg(extract(epoch from :now - t.created_at)) / 3600 as avg_wait,
                   max(extract(epoch from :now - t.created_at)) / 3600 as oldest_wait
              from user_task t
             where t.state = 'OPEN'""" + filter.formatted("t.case_id") + """
             group by t.element_id order by oldest_wait desc, t.element_id
            """).params(p)
        .query((rs, n) -> new Bottleneck(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getDouble(5), rs.getDouble(6)))
        .list();

    return new Report(q, cases.open, cases.byStage, buckets(cases.agingNow), recovery, cases.cure(), cases.rolls(), promises,
        contacts, sla, incidents, List.copyOf(agents.values()), timeInStage, bottlenecks, period.trend());
  }

  /** Only the per-person figures of {@link #compute}: what the reports need. */
  List<Agent> agents(Query q) {
    return snapshot.execute(tx -> agentsInSnapshot(q));
  }

  private List<Agent> agentsInSnapshot(Query q) {
    Period period = new Period(q, clock.instant());
    Map<String, Object> p = params(q, period);
    String filter = selectCases(q, p);
    Map<String, Agent> agents = personalWork(q, p, filter);
    payments(q, p, filter, period, agents);
    return List.copyOf(agents.values());
  }

  /**
   * The payments of the period, once: collected per currency (returned), per step of the trend, and credited to the
   * person who had the last conversation before each payment (added to {@code agents}).
   */
  private Map<String, BigDecimal> payments(Query q, Map<String, Object> p, String filter, Period period,
      Map<String, Agent> agents) {
    Map<String, BigDecimal> collected = new TreeMap<>();
    jdbc.sql("""
            select cast(pay.paid_at at time zone 'UTC' as date) as day, pay.currency, pay.credited_to,
                   sum(pay.amount) from payment pay
             where pay.paid_at >= :from and pay.paid_at < :to""" + filter.formatted("pay.case_id") + """
             group by day, pay.currency, pay.credited_to
            """).params(p)
        .query((rs, n) -> {
          String currency = rs.getString(2);
          BigDecimal amount = rs.getBigDecimal(4);
          collected.merge(currency, amount, BigDecimal::add);
          period.collectedOn(rs.getObject(1, LocalDate.class), currency, amount);
          String person = rs.getString(3);
          if (person != null && (!q.byPeople() || people(p).contains(person))) {
            agents.computeIfAbsent(person, a -> new Agent(a, 0, 0, 0, new TreeMap<>())).collected()
                .merge(currency, amount, BigDecimal::add);
          }
          return currency;
        }).list();
    return collected;
  }

  /** Per person: tasks completed, contacts made (calls and visits) and promises taken in the period. */
  private Map<String, Agent> personalWork(Query q, Map<String, Object> p, String filter) {
    String person = q.byPeople() ? " and %s in (:people)" : "";
    Map<String, Agent> agents = new TreeMap<>();
    jdbc.sql("""
            select agent, sum(tasks) as tasks, sum(contacts) as contacts, sum(promises) as promises from (
              select t.completed_by as agent, count(*) as tasks, 0 as contacts, 0 as promises from user_task t
               where t.state = 'COMPLETED' and t.completed_at >= :from and t.completed_at < :to%s%s
               group by t.completed_by
              union all
              select ca.agent, 0, count(*), count(*) filter (where ca.outcome = 'PROMISE_TO_PAY') from contact_attempt ca
               where ca.agent is not null and ca.attempted_at >= :from and ca.attempted_at < :to%s%s
               group by ca.agent) x
             group by agent
            """.formatted(filter.formatted("t.case_id"), person.formatted("t.completed_by"),
            filter.formatted("ca.case_id"), person.formatted("ca.agent"))).params(p)
        .query((rs, n) -> agents.put(rs.getString(1),
            new Agent(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), new TreeMap<>())))
        .list();
    return agents;
  }

  /** The query parameters every KPI query shares. */
  private Map<String, Object> params(Query q, Period period) {
    Map<String, Object> p = new HashMap<>();
    p.put("from", Timestamp.from(period.from));
    p.put("to", Timestamp.from(period.to));
    p.put("fromDate", q.from());
    p.put("toDate", q.to());
    p.put("now", Timestamp.from(period.now));
    p.put("product", q.product());
    p.put("jurisdiction", q.jurisdiction());
    p.put("strategy", q.strategy());
    p.put("modelVersion", q.modelVersion());
    p.put("creditor", q.creditor());
    p.put("people", people(q));
    p.put("rightParty", ContactAttempts.RIGHT_PARTY_OUTCOMES);
    return p;
  }

  @SuppressWarnings("unchecked")
  private static List<String> people(Map<String, Object> p) {
    return (List<String>) p.get("people");
  }

  /** The people a team/agent filter selects (a list with one impossible name when it selects nobody). */
  private List<String> people(Query q) {
    if (!q.byPeople()) {
      return List.of("");
    }
    List<String> people = q.team() == null ? new ArrayList<>(List.of(q.agent()))
        : new ArrayList<>(jdbc.sql("select username from app_user where :team = any(groups) order by username")
            .param("team", q.team()).query(String.class).list());
    if (q.agent() != null) {
      people.retainAll(List.of(q.agent()));
    }
    return people.isEmpty() ? List.of("") : people;
  }

  /** The conditions on cases (c), accounts (a) and debtors (d) that the filters set, joined by and; "true" for none. */
  private static String caseConditions(Query q) {
    List<String> conditions = new ArrayList<>();
    if (q.product() != null) {
      conditions.add("a.product = :product");
    }
    if (q.jurisdiction() != null) {
      conditions.add("d.jurisdiction = :jurisdiction");
    }
    if (q.strategy() != null) {
      conditions.add("c.strategy = :strategy");
    }
    if (q.modelVersion() != null) {
      conditions.add("c.process_version = :modelVersion");
    }
    if (q.creditor() != null) {
      conditions.add("a.creditor = :creditor");
    }
    if (q.byPeople()) {
      // the cases these people worked in the period
      conditions.add("""
          c.id in (select ca.case_id from contact_attempt ca where ca.agent in (:people)
                      and ca.attempted_at >= :from and ca.attempted_at < :to
                   union select t.case_id from user_task t where t.state = 'COMPLETED' and t.completed_by in (:people)
                      and t.completed_at >= :from and t.completed_at < :to)""");
    }
    return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
  }

  private static String caseTables(Query q) {
    return "collection_case c join account a on a.id = c.account_id"
        + (q.jurisdiction() != null ? " join debtor d on d.id = a.debtor_id" : "");
  }

  /**
   * With a filter, writes the selected case ids into the transaction's temporary table kpi_case, and answers a
   * condition on a fact's case id column (a format with one %s) that keeps them; without one, an empty condition, so
   * facts are read by their time index alone.
   */
  private String selectCases(Query q, Map<String, Object> p) {
    if (!q.filtered()) {
      return "";
    }
    // dropped at commit; a second computation inside one outer transaction replaces the first one's
    jdbc.sql("drop table if exists pg_temp.kpi_case").update();
    jdbc.sql("create temporary table kpi_case on commit drop as select c.id from " + caseTables(q) + " where "
        + caseConditions(q)).params(p).update();
    jdbc.sql("analyze kpi_case").update();
    return "\n and %s in (select id from kpi_case)";
  }

  /** One pass over the selected cases: everything that depends on a case's dates, stage and balance. */
  private CasePass casePass(Query q, Period period, Map<String, Object> p) {
    CasePass pass = new CasePass(period);
    jdbc.sql("select c.stage, c.status, c.outcome, c.opened_at, c.closed_at, a.due_date, a.currency, a.placed_balance"
            + " from collection_case c join account a on a.id = c.account_id"
            + (q.filtered() ? " where c.id in (select id from kpi_case)" : ""))
        .params(p)
        .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> pass.add(rs.getString(1),
            rs.getString(2).equals("OPEN"), rs.getString(3), rs.getTimestamp(4).toInstant(),
            rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getObject(6, LocalDate.class),
            rs.getString(7), rs.getBigDecimal(8)));
    return pass;
  }

  /** The bucket index of a number of days past due, -1 when not yet past due. */
  static int bucket(long dpd) {
    return dpd < 1 ? -1 : dpd <= 30 ? 0 : dpd <= 60 ? 1 : dpd <= 90 ? 2 : 3;
  }

  /** The period's instants and the trend's steps: days up to 62 days, weeks up to a year, months beyond. */
  private static final class Period {
    final Instant from;
    final Instant to;
    final Instant now;
    /** The period's end as far as it has happened. */
    final Instant end;
    final String step;
    final List<LocalDate> steps = new ArrayList<>();
    final List<Instant> stepEnds = new ArrayList<>();
    /** The date of each step's end: the day on which its aging is read. */
    final List<LocalDate> stepEndDates = new ArrayList<>();
    final long[] open;
    final long[][] aging;
    final List<Map<String, BigDecimal>> collected = new ArrayList<>();

    Period(Query q, Instant now) {
      this.now = now;
      this.from = q.from().atStartOfDay().toInstant(ZoneOffset.UTC);
      this.to = q.to().atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant e = to.isBefore(now) ? to : now;
      this.end = e.isBefore(from) ? from : e;
      long days = ChronoUnit.DAYS.between(q.from(), q.to());
      this.step = days <= 62 ? "DAY" : days <= 366 ? "WEEK" : "MONTH";
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      for (LocalDate d = q.from(); d.isBefore(q.to()) && !d.isAfter(today); d = next(d)) {
        steps.add(d);
        Instant stepEnd = next(d).atStartOfDay().toInstant(ZoneOffset.UTC);
        stepEnd = stepEnd.isAfter(to) ? to : stepEnd;
        stepEnds.add(stepEnd.isAfter(now) ? now : stepEnd);
        stepEndDates.add(LocalDate.ofInstant(stepEnds.getLast(), ZoneOffset.UTC));
        collected.add(new TreeMap<>());
      }
      this.open = new long[steps.size()];
      this.aging = new long[steps.size()][BUCKETS.size()];
    }

    private LocalDate next(LocalDate d) {
      return switch (step) {
        case "DAY" -> d.plusDays(1);
        case "WEEK" -> d.plusWeeks(1);
        default -> d.plusMonths(1);
      };
    }

    void collectedOn(LocalDate day, String currency, BigDecimal amount) {
      for (int i = steps.size() - 1; i >= 0; i--) {
        if (!day.isBefore(steps.get(i))) {
          collected.get(i).merge(currency, amount, BigDecimal::add);
          return;
        }
      }
    }

    Trend trend() {
      List<TrendPoint> points = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        points.add(new TrendPoint(steps.get(i), open[i], buckets(aging[i]), collected.get(i)));
      }
      return new Trend(step, points);
    }
  }

  /** What one pass over the selected cases adds up. */
  private static final class CasePass {
    final Period period;
    final LocalDate today;
    final LocalDate fromDate;
    final LocalDate endDate;
    final Map<String, Long> byStage = new TreeMap<>();
    final long[] agingNow = new long[BUCKETS.size()];
    final Map<String, BigDecimal> placed = new TreeMap<>();
    final long[] rollBase = new long[BUCKETS.size() - 1];
    final long[] rolled = new long[BUCKETS.size() - 1];
    long open;
    long entered;
    long cured;

    CasePass(Period period) {
      this.period = period;
      this.today = LocalDate.ofInstant(period.now, ZoneOffset.UTC);
      this.fromDate = LocalDate.ofInstant(period.from, ZoneOffset.UTC);
      this.endDate = LocalDate.ofInstant(period.end, ZoneOffset.UTC);
    }

    void add(String stage, boolean isOpen, String outcome, Instant opened, Instant closed, LocalDate due,
        String currency, BigDecimal placedBalance) {
      if (isOpen) {
        open++;
        byStage.merge(stage, 1L, Long::sum);
        int b = bucket(ChronoUnit.DAYS.between(due, today));
        if (b >= 0) {
          agingNow[b]++;
        }
      }
      if (opened.isBefore(period.to)) {
        placed.merge(currency, placedBalance, BigDecimal::add);
      }
      if (!opened.isBefore(period.from) && opened.isBefore(period.to)) {
        entered++;
        cured += !isOpen && CURED.contains(outcome) ? 1 : 0;
      }
      // the case's bucket when the period began, or when it was placed, if that was during the period
      Instant start = opened.isAfter(period.from) ? opened : period.from;
      if (opened.isBefore(period.end) && (closed == null || !closed.isBefore(start))) {
        int b0 = bucket(ChronoUnit.DAYS.between(due, start == period.from ? fromDate
            : LocalDate.ofInstant(start, ZoneOffset.UTC)));
        if (b0 >= 0 && b0 < rollBase.length) {
          rollBase[b0]++;
          if (openAt(opened, closed, period.end) && bucket(ChronoUnit.DAYS.between(due, endDate)) > b0) {
            rolled[b0]++;
          }
        }
      }
      for (int i = 0; i < period.steps.size(); i++) {
        Instant at = period.stepEnds.get(i);
        if (openAt(opened, closed, at)) {
          period.open[i]++;
          int b = bucket(ChronoUnit.DAYS.between(due, period.stepEndDates.get(i)));
          if (b >= 0) {
            period.aging[i][b]++;
          }
        }
      }
    }

    /** Open at an instant: opened before it and not closed by then. */
    private static boolean openAt(Instant opened, Instant closed, Instant at) {
      return opened.isBefore(at) && (closed == null || !closed.isBefore(at));
    }

    Cure cure() {
      return new Cure(entered, cured, rate(cured, entered));
    }

    List<Roll> rolls() {
      List<Roll> rolls = new ArrayList<>();
      for (int b = 0; b < rollBase.length; b++) {
        rolls.add(new Roll(BUCKETS.get(b), BUCKETS.get(b + 1), rollBase[b], rolled[b], rate(rolled[b], rollBase[b])));
      }
      return rolls;
    }
  }

  private static Map<String, Long> buckets(long[] counts) {
    Map<String, Long> buckets = new LinkedHashMap<>();
    for (int b = 0; b < BUCKETS.size(); b++) {
      buckets.put(BUCKETS.get(b), counts[b]);
    }
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
