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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Daily and weekly collection reports per agent against the targets managers set (table agent_target). The figures
 * are the KPI service's per-agent work for the report's period.
 */
@Service
public class Reports {

  private final Kpis kpis;
  private final JdbcClient jdbc;
  private final Clock clock;

  Reports(Kpis kpis, JdbcClient jdbc, Clock clock) {
    this.kpis = kpis;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public record Target(String agent, String period, int tasks, int contacts, int promises, String setBy,
      Instant setAt) {}

  /** One person's line: done, target (null when none is set) and achievement (done / target). */
  public record Line(String agent, long tasks, Integer tasksTarget, long contacts, Integer contactsTarget,
      long promises, Integer promisesTarget, BigDecimal achievement) {}

  public record Report(String kind, LocalDate from, LocalDate to, List<Line> lines) {}

  public Target setTarget(String agent, String period, int tasks, int contacts, int promises, String by) {
    String p = period(period);
    if (agent == null || !agent.matches("[a-z][a-z0-9._-]{1,63}") || tasks < 0 || contacts < 0 || promises < 0) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target",
          "a user name and non-negative tasks, contacts and promises").exception();
    }
    jdbc.sql("""
            insert into agent_target (agent, period, tasks, contacts, promises, set_by, set_at)
            values (:agent, :period, :tasks, :contacts, :promises, :by, :at)
            on conflict (agent, period) do update set tasks = excluded.tasks, contacts = excluded.contacts,
              promises = excluded.promises, set_by = excluded.set_by, set_at = excluded.set_at
            """)
        .param("agent", agent).param("period", p).param("tasks", tasks).param("contacts", contacts)
        .param("promises", promises).param("by", by).param("at", Timestamp.from(clock.instant())).update();
    return targets().stream().filter(t -> t.agent().equals(agent) && t.period().equals(p)).findFirst().orElseThrow();
  }

  public List<Target> targets() {
    return jdbc.sql("select * from agent_target order by agent, period")
        .query((rs, n) -> new Target(rs.getString("agent"), rs.getString("period"), rs.getInt("tasks"),
            rs.getInt("contacts"), rs.getInt("promises"), rs.getString("set_by"), rs.getTimestamp("set_at").toInstant()))
        .list();
  }

  /** The daily report of {@code date}, or the weekly report of the ISO week (Monday to Sunday) containing it. */
  public Report report(String kind, LocalDate date, String product, String jurisdiction) {
    String k = kind.toLowerCase(Locale.ROOT);
    LocalDate from = switch (k) {
      case "daily" -> date;
      case "weekly" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      default -> throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid report", "daily or weekly").exception();
    };
    LocalDate to = k.equals("daily") ? from.plusDays(1) : from.plusDays(7);
    String period = k.equals("daily") ? "DAILY" : "WEEKLY";
    Map<String, Target> targets = new TreeMap<>();
    targets().stream().filter(t -> t.period().equals(period)).forEach(t -> targets.put(t.agent(), t));
    Map<String, Kpis.Agent> done = new TreeMap<>();
    kpis.compute(new Kpis.Query(from, to, product, jurisdiction)).agents().forEach(a -> done.put(a.agent(), a));
    List<String> agents = new ArrayList<>(done.keySet());
    targets.keySet().stream().filter(a -> !done.containsKey(a)).forEach(agents::add);
    agents.sort(String::compareTo);
    List<Line> lines = agents.stream().map(agent -> {
      Kpis.Agent d = done.getOrDefault(agent, new Kpis.Agent(agent, 0, 0, 0));
      Target t = targets.get(agent);
      BigDecimal achievement = t == null ? null : Kpis.rate(BigDecimal.valueOf(d.tasksCompleted() + d.contacts()
          + d.promises()), BigDecimal.valueOf((long) t.tasks() + t.contacts() + t.promises()));
      return new Line(agent, d.tasksCompleted(), t == null ? null : t.tasks(), d.contacts(),
          t == null ? null : t.contacts(), d.promises(), t == null ? null : t.promises(), achievement);
    }).toList();
    return new Report(k, from, to, lines);
  }

  static String csv(Report report) {
    StringBuilder out = new StringBuilder("agent,tasks,tasksTarget,contacts,contactsTarget,promises,promisesTarget,"
        + "achievement\n");
    for (Line l : report.lines()) {
      out.append(l.agent()).append(',').append(l.tasks()).append(',').append(n(l.tasksTarget())).append(',')
          .append(l.contacts()).append(',').append(n(l.contactsTarget())).append(',').append(l.promises()).append(',')
          .append(n(l.promisesTarget())).append(',').append(l.achievement() == null ? "" : l.achievement()).append('\n');
    }
    return out.toString();
  }

  private static String n(Integer value) {
    return value == null ? "" : value.toString();
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
