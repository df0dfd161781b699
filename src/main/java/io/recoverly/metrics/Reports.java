package io.recoverly.metrics;

import io.recoverly.web.Problems;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Daily, weekly and monthly collection reports per person and per team against the targets managers set (table
 * agent_target). The figures are the KPI service's per-person work for the report's period; a team is a queue people
 * work (app_user.groups), and a person in two queues counts in both teams.
 */
@Service
public class Reports {

  /** A user (or queue) name, as app_user allows it. */
  static final String USER_NAME = "[a-z][a-z0-9._-]{1,63}";

  private final Kpis kpis;
  private final JdbcClient jdbc;
  private final Clock clock;

  Reports(Kpis kpis, JdbcClient jdbc, Clock clock) {
    this.kpis = kpis;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * What a person should achieve per period.
   *
   * @param collected the amount to collect per currency (optional, any number of currencies)
   */
  public record Target(String agent, String period, int tasks, int contacts, int promises,
      Map<String, BigDecimal> collected, String setBy, Instant setAt) {}

  /**
   * One person's line: done, target (null when none is set), achievement of the counted work (tasks + contacts +
   * promises done / expected) and, per currency with a target, of the amount collected in that currency (never one
   * currency against another).
   */
  public record Line(String agent, List<String> teams, long tasks, Integer tasksTarget, long contacts,
      Integer contactsTarget, long promises, Integer promisesTarget, Map<String, BigDecimal> collected,
      Map<String, BigDecimal> collectedTargets, Map<String, BigDecimal> collectedAchievement,
      BigDecimal achievement) {}

  /**
   * A team's totals over its people in the report; targets are the sums of its people's targets (null when none), the
   * amount targets summed per currency.
   */
  public record TeamLine(String team, int people, long tasks, Integer tasksTarget, long contacts, Integer contactsTarget,
      long promises, Integer promisesTarget, Map<String, BigDecimal> collected, Map<String, BigDecimal> collectedTargets,
      Map<String, BigDecimal> collectedAchievement, BigDecimal achievement) {}

  public record Report(String kind, LocalDate from, LocalDate to, List<Line> lines, List<TeamLine> teams) {}

  /** More tasks, contacts or promises than anyone can do in a year is a typo, not a target. */
  static final int MAX_COUNT = 100_000;

  private static final java.util.Set<String> ISO_CURRENCIES = java.util.Currency.getAvailableCurrencies().stream()
      .map(java.util.Currency::getCurrencyCode).collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Sets what a person should achieve per period; {@code collected} (per currency) replaces the amounts set before. */
  @org.springframework.transaction.annotation.Transactional
  public Target setTarget(String agent, String period, int tasks, int contacts, int promises,
      Map<String, BigDecimal> collected, String by) {
    String p = period(period);
    if (agent == null || !agent.matches(USER_NAME) || tasks < 0 || contacts < 0 || promises < 0) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target",
          "a user name and non-negative tasks, contacts and promises").exception();
    }
    if (tasks > MAX_COUNT || contacts > MAX_COUNT || promises > MAX_COUNT) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target",
          "tasks, contacts and promises are counts per period of at most " + MAX_COUNT).exception();
    }
    Map<String, BigDecimal> amounts = collected == null ? Map.of() : collected;
    if (amounts.size() > 20) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target", "at most 20 currencies").field("collected")
          .exception();
    }
    amounts.forEach((currency, amount) -> {
      if (currency == null || !currency.matches("[A-Z]{3}") || !ISO_CURRENCIES.contains(currency)
          || amount == null || amount.signum() < 0
          || amount.scale() > 2 || amount.precision() - amount.scale() > 17) {
        throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target", "collected is an amount per ISO currency"
            + " (USD, INR, …): non-negative, at most 2 decimals").field("collected").exception();
      }
    });
    jdbc.sql("""
            insert into agent_target (agent, period, tasks, contacts, promises, set_by, set_at)
            values (:agent, :period, :tasks, :contacts, :promises, :by, :at)
            on conflict (agent, period) do update set tasks = excluded.tasks, contacts = excluded.contacts,
              promises = excluded.promises, set_by = excluded.set_by, set_at = excluded.set_at
            """)
        .param("agent", agent).param("period", p).param("tasks", tasks).param("contacts", contacts)
        .param("promises", promises).param("by", by).param("at", Timestamp.from(clock.instant())).update();
    jdbc.sql("delete from agent_collection_target where agent = :agent and period = :period").param("agent", agent)
        .param("period", p).update();
    amounts.forEach((currency, amount) -> jdbc.sql("insert into agent_collection_target (agent, period, currency,"
            + " amount) values (:agent, :period, :currency, :amount)").param("agent", agent).param("period", p)
        .param("currency", currency).param("amount", amount).update());
    return targets().stream().filter(t -> t.agent().equals(agent) && t.period().equals(p)).findFirst().orElseThrow();
  }

  public List<Target> targets() {
    Map<String, Map<String, BigDecimal>> amounts = new HashMap<>();
    jdbc.sql("select agent, period, currency, amount from agent_collection_target order by currency")
        .query((rs, n) -> amounts.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new TreeMap<>())
            .put(rs.getString(3), rs.getBigDecimal(4)))
        .list();
    return jdbc.sql("select * from agent_target order by agent, period")
        .query((rs, n) -> new Target(rs.getString("agent"), rs.getString("period"), rs.getInt("tasks"),
            rs.getInt("contacts"), rs.getInt("promises"),
            amounts.getOrDefault(rs.getString("agent") + "/" + rs.getString("period"), Map.of()),
            rs.getString("set_by"), rs.getTimestamp("set_at").toInstant()))
        .list();
  }

  /**
   * The daily report of {@code date}, the weekly report of the ISO week (Monday to Sunday) containing it, or the
   * monthly report of its calendar month; optionally for one team or one person.
   */
  public Report report(String kind, LocalDate date, String product, String jurisdiction, String team, String agent) {
    return report(kind, date, product, jurisdiction, team, agent, null);
  }

  /** @param creditor only the work on cases of this lender's accounts (null: all) */
  public Report report(String kind, LocalDate date, String product, String jurisdiction, String team, String agent,
      String creditor) {
    String k = kind.toLowerCase(Locale.ROOT);
    LocalDate from = switch (k) {
      case "daily" -> date;
      case "weekly" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "monthly" -> date.withDayOfMonth(1);
      default -> throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid report", "daily, weekly or monthly").exception();
    };
    LocalDate to = switch (k) {
      case "daily" -> from.plusDays(1);
      case "weekly" -> from.plusDays(7);
      default -> from.plusMonths(1);
    };
    String period = k.toUpperCase(Locale.ROOT);
    Map<String, List<String>> teamsOf = teamsOfPeople();
    Map<String, Target> targets = new TreeMap<>();
    targets().stream().filter(t -> t.period().equals(period)).filter(t -> agent == null || t.agent().equals(agent))
        .filter(t -> team == null || teamsOf.getOrDefault(t.agent(), List.of()).contains(team))
        .forEach(t -> targets.put(t.agent(), t));
    Map<String, Kpis.Agent> done = new TreeMap<>();
    kpis.agents(new Kpis.Query(from, to, product, jurisdiction, null, null, team, agent, creditor))
        .forEach(a -> done.put(a.agent(), a));
    TreeSet<String> people = new TreeSet<>(done.keySet());
    people.addAll(targets.keySet());
    List<Line> lines = people.stream().map(person -> line(done.getOrDefault(person, Kpis.Agent.none(person)),
        targets.get(person), teamsOf.getOrDefault(person, List.of()))).toList();
    return new Report(k, from, to, lines, teams(lines, team));
  }

  private static Line line(Kpis.Agent d, Target t, List<String> teams) {
    BigDecimal achievement = t == null ? null : Kpis.rate(d.tasksCompleted() + d.contacts() + d.promises(),
        (long) t.tasks() + t.contacts() + t.promises());
    Map<String, BigDecimal> targets = t == null ? Map.of() : t.collected();
    return new Line(d.agent(), teams, d.tasksCompleted(), t == null ? null : t.tasks(), d.contacts(),
        t == null ? null : t.contacts(), d.promises(), t == null ? null : t.promises(), d.collected(), targets,
        perCurrency(d.collected(), targets), achievement);
  }

  /** Collected over target in each currency that has a target: never one currency against another. */
  private static Map<String, BigDecimal> perCurrency(Map<String, BigDecimal> collected,
      Map<String, BigDecimal> targets) {
    Map<String, BigDecimal> achievement = new TreeMap<>();
    targets.forEach((currency, target) -> {
      BigDecimal rate = Kpis.rate(collected.getOrDefault(currency, BigDecimal.ZERO), target);
      if (rate != null) {
        achievement.put(currency, rate);
      }
    });
    return achievement;
  }

  private static List<TeamLine> teams(List<Line> lines, String onlyTeam) {
    Map<String, List<Line>> byTeam = new TreeMap<>();
    lines.forEach(l -> l.teams().stream().filter(t -> onlyTeam == null || t.equals(onlyTeam))
        .forEach(t -> byTeam.computeIfAbsent(t, x -> new ArrayList<>()).add(l)));
    List<TeamLine> teams = new ArrayList<>();
    byTeam.forEach((team, members) -> {
      Map<String, BigDecimal> collected = new TreeMap<>();
      members.forEach(m -> m.collected().forEach((currency, amount) -> collected.merge(currency, amount,
          BigDecimal::add)));
      Map<String, BigDecimal> collectedTargets = new TreeMap<>();
      members.forEach(m -> m.collectedTargets().forEach((currency, amount) -> collectedTargets.merge(currency, amount,
          BigDecimal::add)));
      Integer tasksTarget = sum(members.stream().map(Line::tasksTarget).toList());
      Integer contactsTarget = sum(members.stream().map(Line::contactsTarget).toList());
      Integer promisesTarget = sum(members.stream().map(Line::promisesTarget).toList());
      long tasks = members.stream().mapToLong(Line::tasks).sum();
      long contacts = members.stream().mapToLong(Line::contacts).sum();
      long promises = members.stream().mapToLong(Line::promises).sum();
      BigDecimal achievement = tasksTarget == null ? null
          : Kpis.rate(tasks + contacts + promises, (long) tasksTarget + contactsTarget + promisesTarget);
      teams.add(new TeamLine(team, members.size(), tasks, tasksTarget, contacts, contactsTarget, promises,
          promisesTarget, collected, collectedTargets, perCurrency(collected, collectedTargets), achievement));
    });
    return teams;
  }

  /** The sum of the targets that are set, or null when none is. */
  private static Integer sum(List<Integer> targets) {
    return targets.stream().filter(java.util.Objects::nonNull).reduce(Integer::sum).orElse(null);
  }

  /** The queues (teams) of every user. */
  private Map<String, List<String>> teamsOfPeople() {
    Map<String, List<String>> teams = new HashMap<>();
    jdbc.sql("select username, groups from app_user")
        .query((rs, n) -> teams.put(rs.getString(1), Arrays.stream((String[]) rs.getArray(2).getArray()).sorted()
            .toList()))
        .list();
    return teams;
  }

  /**
   * The report as CSV, one line per person: for every currency that occurs in the report (collected or targeted), the
   * amount collected, its target and the achievement in it; then the work achievement.
   */
  static String csv(Report report) {
    TreeSet<String> currencies = new TreeSet<>();
    report.lines().forEach(l -> currencies.addAll(l.collected().keySet()));
    report.lines().forEach(l -> currencies.addAll(l.collectedTargets().keySet()));
    StringBuilder out = new StringBuilder("agent,teams,tasks,tasksTarget,contacts,contactsTarget,promises,"
        + "promisesTarget");
    currencies.forEach(c -> out.append(",collected").append(c).append(",collectedTarget").append(c)
        .append(",collectedAchievement").append(c));
    out.append(",achievement\n");
    for (Line l : report.lines()) {
      out.append(l.agent()).append(',').append(String.join(" ", l.teams())).append(',').append(l.tasks()).append(',')
          .append(n(l.tasksTarget())).append(',').append(l.contacts()).append(',').append(n(l.contactsTarget()))
          .append(',').append(l.promises()).append(',').append(n(l.promisesTarget()));
      currencies.forEach(c -> out.append(',').append(l.collected().getOrDefault(c, BigDecimal.ZERO).toPlainString())
          .append(',').append(n(l.collectedTargets().get(c))).append(',').append(n(l.collectedAchievement().get(c))));
      out.append(',').append(n(l.achievement())).append('\n');
    }
    return out.toString();
  }

  private static String n(Object value) {
    return value == null ? "" : value instanceof BigDecimal b ? b.toPlainString() : value.toString();
  }

  private static String period(String period) {
    String p = period == null ? "" : period.toUpperCase(Locale.ROOT);
    if (!List.of("DAILY", "WEEKLY", "MONTHLY").contains(p)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", "DAILY, WEEKLY or MONTHLY").field("period")
          .exception();
    }
    return p;
  }
}
