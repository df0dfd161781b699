package io.recoverly.metrics;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How long the manager dashboard's queries take as the portfolio grows: a portfolio of N cases with their facts
 * (timeline, contact attempts, payments, promises, tasks) is written straight into a fresh database, then the KPI
 * report the dashboard asks for is computed several times. Not a test: run it with
 * {@code ./mvnw -Pbench verify -Dbench.main=io.recoverly.metrics.KpiBenchmark -Dbench.args="--cases 10000,100000"}.
 *
 * <p>Per case: 2-3 stage entries and 6 other timeline events, 5 contact attempts (2 calls), a payment for every
 * third case, a promise for every fifth, a user task (a third of them open). The database is the PostgreSQL at
 * 127.0.0.1:5432 when one runs (a database of its own, dropped at the end), otherwise an embedded one.
 */
public final class KpiBenchmark {

  private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
  private static final int RUNS = 5;
  private static final double BUDGET_MS = 1000;

  record Timing(String what, int cases, double medianMs, double maxMs) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int[] sizes = Arrays.stream(options.getOrDefault("cases", "10000,100000").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    System.out.printf("Recoverly KPI benchmark: %d cores, Java %s, %d runs per figure%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RUNS);
    List<Timing> timings = new ArrayList<>();
    for (int size : sizes) {
      try (Database db = Database.fresh()) {
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        long seedStart = System.nanoTime();
        seed(jdbc, size);
        System.out.printf("%,d cases seeded in %.1f s%n", size, (System.nanoTime() - seedStart) / 1e9);
        Kpis kpis = new Kpis(jdbc, Clock.fixed(NOW, ZoneOffset.UTC),
            new org.springframework.jdbc.support.JdbcTransactionManager(db.dataSource()));
        Reports reports = new Reports(kpis, jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        timings.add(time("dashboard, last 30 days (daily trend)", size,
            () -> kpis.compute(new Kpis.Query(today.minusDays(30), today.plusDays(1), null, null))));
        timings.add(time("dashboard, last year (weekly trend)", size,
            () -> kpis.compute(new Kpis.Query(today.minusDays(365), today.plusDays(1), null, null))));
        timings.add(time("dashboard, 30 days, one team", size, () -> kpis.compute(new Kpis.Query(today.minusDays(30),
            today.plusDays(1), null, null, null, null, "agents", null))));
        timings.add(time("weekly report", size, () -> reports.report("weekly", today, null, null, null, null)));
      }
    }
    print(timings, sizes);
    write(timings);
  }

  private static Timing time(String what, int cases, Supplier<?> work) {
    work.get(); // warm-up: JIT, connection, PostgreSQL caches
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      work.get();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return new Timing(what, cases, ms[RUNS / 2], ms[RUNS - 1]);
  }

  private static void print(List<Timing> timings, int[] sizes) {
    System.out.println();
    System.out.printf("%-42s %10s %12s %10s %14s%n", "query", "cases", "median ms", "max ms", "of 1 s budget");
    for (Timing t : timings) {
      System.out.printf("%-42s %,10d %12.1f %10.1f %13.0f %%%n", t.what(), t.cases(), t.medianMs(), t.maxMs(),
          100 * t.medianMs() / BUDGET_MS);
    }
    if (sizes.length > 1) {
      int small = sizes[0];
      int large = sizes[sizes.length - 1];
      System.out.printf("%nGrowth from %,d to %,d cases (%.0fx the cases):%n", small, large, (double) large / small);
      timings.stream().filter(t -> t.cases() == large).forEach(t -> timings.stream()
          .filter(s -> s.cases() == small && s.what().equals(t.what())).findFirst()
          .ifPresent(s -> System.out.printf("  %-42s %.1fx the time%n", t.what(), t.medianMs() / s.medianMs())));
    }
  }

  private static void write(List<Timing> timings) throws IOException {
    Path out = Path.of("target", "bench", "kpi-benchmark.json");
    Files.createDirectories(out.getParent());
    StringBuilder json = new StringBuilder("{\"machineCores\":" + Runtime.getRuntime().availableProcessors()
        + ",\"java\":\"" + System.getProperty("java.version") + "\",\"budgetMs\":" + BUDGET_MS + ",\"timings\":[");
    for (int i = 0; i < timings.size(); i++) {
      Timing t = timings.get(i);
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"query\":\"%s\",\"cases\":%d,\"medianMs\":%.1f,\"maxMs\":%.1f}", t.what(), t.cases(), t.medianMs(),
          t.maxMs()));
    }
    Files.writeString(out, json.append("]}\n").toString());
    System.out.println("\nWritten to " + out);
  }

  /** A portfolio of {@code n} cases and their facts, deterministic (every figure derives from the case number). */
  static void seed(JdbcClient jdbc, int n) {
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, roles, groups)
        select 'agent' || g, 'Agent ' || g, '{noop}x', '{AGENT}', case when g % 4 = 0 then '{field-agents}'
               else '{agents}' end::text[] from generate_series(1, 20) g
        """).update();
    String uuid = "cast('00000000-0000-4000-%s-' || lpad(to_hex(i), 12, '0') as uuid)";
    String ids = "from generate_series(1, :n) i";
    String debtor = uuid.formatted("8000");
    String account = uuid.formatted("9000");
    String kase = uuid.formatted("a000");
    jdbc.sql("insert into debtor (id, full_name, time_zone, jurisdiction, created_at) select " + debtor
        + ", 'Debtor ' || i, case when i % 5 < 3 then 'America/Chicago' else 'Asia/Kolkata' end,"
        + " case when i % 5 < 3 then 'US' else 'IN' end, cast(:now as timestamptz) " + ids).param("n", n).param("now", ts(NOW)).update();
    // opened in the last 120 days, 5 to 155 days past due when opened
    jdbc.sql("insert into account (id, account_ref, debtor_id, product, principal, balance, placed_balance, currency,"
        + " due_date, created_at) select " + account + ", 'BENCH-' || i, " + debtor
        + ", (array['CREDIT_CARD','PERSONAL_LOAN','AUTO_LOAN','UTILITY','BNPL'])[1 + i % 5], 5000, 1000 + i % 4000,"
        + " 1000 + i % 4000, case when i % 5 < 3 then 'USD' else 'INR' end,"
        + " cast(cast(:now as timestamptz) as date) - (i % 120) - 5 - (i % 150), cast(:now as timestamptz) " + ids).param("n", n).param("now", ts(NOW)).update();
    // a quarter closed (half of those paid in full), the rest open in a stage
    jdbc.sql("insert into collection_case (id, account_id, status, stage, outcome, strategy, process_version,"
        + " opened_at, closed_at) select " + kase + ", " + account + ","
        + " case when i % 4 = 0 then 'CLOSED' else 'OPEN' end,"
        + " case when i % 4 = 0 then 'CLOSED' else (array['CONTACT','NEGOTIATION','MONITORING','LEGAL','DISPUTE'])"
        + "[1 + i % 5] end, case when i % 8 = 0 then 'PAID_IN_FULL' when i % 4 = 0 then 'SETTLED' end,"
        + " (array['soft','standard','hard'])[1 + i % 3], 1 + i % 2, cast(:now as timestamptz) - make_interval(days => i % 120),"
        + " case when i % 4 = 0 then cast(:now as timestamptz) - make_interval(days => i % 120) + make_interval(hours => 1 + i % 48) end "
        + ids).param("n", n).param("now", ts(NOW)).update();
    jdbc.sql("""
        insert into case_event (case_id, occurred_at, type, summary, details)
        select c.id, c.opened_at + make_interval(hours => k), case when k = 0 then 'STAGE_ENTERED'
               when k = 50 and c.status = 'OPEN' then 'STAGE_ENTERED' else 'REMINDER_SENT' end, 'event',
               case when k in (0, 50) then jsonb_build_object('stage', case when k = 0 then 'CONTACT' else c.stage end)
               end
          from collection_case c, unnest(array[0, 10, 20, 30, 40, 50, 60]) k
        """).update();
    jdbc.sql("insert into case_event (case_id, occurred_at, type, summary) select id, closed_at, 'CASE_CLOSED', 'closed'"
        + " from collection_case where closed_at is not null").update();
    jdbc.sql("""
        insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent)
        select c.id, (array['SMS','EMAIL','LETTER','CALL','CALL'])[k], c.opened_at + make_interval(hours => 20 * k),
               case when k < 4 then 'SENT' else (array['NO_ANSWER','RIGHT_PARTY_CONTACT','PROMISE_TO_PAY'])
                 [1 + (hashtext(c.id::text) & 1023) % 3] end,
               (hashtext(c.id::text) & 1023) % 20 <> 0, case when (hashtext(c.id::text) & 1023) % 20 = 0
                 then 'CONTACT_HOURS' else 'ALLOW' end,
               case when k >= 4 then 'agent' || (1 + (hashtext(c.id::text) & 1023) % 20) end
          from collection_case c, generate_series(1, 5) k
        """).update();
    jdbc.sql("insert into payment (id, external_id, case_id, amount, currency, paid_at, received_at, balance_after,"
        + " credited_to)"
        + " select " + uuid.formatted("b000") + ", 'bench-' || i, " + kase + ", 100, case when i % 5 < 3 then 'USD'"
        + " else 'INR' end, least(cast(:now as timestamptz) - make_interval(days => i % 120) + make_interval(hours => 100), cast(:now as timestamptz)), cast(:now as timestamptz), 0,"
        + " case when i % 2 = 0 then 'agent' || (1 + i % 20) end "
        + ids + " where i % 3 = 0").param("n", n).param("now", ts(NOW)).update();
    jdbc.sql("insert into promise (id, case_id, amount, currency, promised_for, state, made_at) select "
        + uuid.formatted("c000") + ", " + kase + ", 100, case when i % 5 < 3 then 'USD' else 'INR' end,"
        + " cast(cast(:now as timestamptz) as date) - (i % 120) + 10, (array['KEPT','BROKEN','OPEN'])[1 + i % 3],"
        + " cast(:now as timestamptz) - make_interval(days => i % 120) + make_interval(hours => 48) " + ids + " where i % 5 = 0")
        .param("n", n).param("now", ts(NOW)).update();
    jdbc.sql("insert into user_task (id, engine_incarnation, job_key, case_id, process_instance_key, element_id, name,"
        + " candidate_groups, state, due_at, created_at, completed_at, completed_by) select " + uuid.formatted("d000")
        + ", 'bench', i, " + kase + ", i, 'call-debtor', 'Call debtor', 'agents',"
        + " case when i % 3 = 0 and i % 4 <> 0 then 'OPEN' else 'COMPLETED' end,"
        + " cast(:now as timestamptz) - make_interval(days => i % 120) + make_interval(hours => 96 + 48),"
        + " cast(:now as timestamptz) - make_interval(days => i % 120) + make_interval(hours => 96),"
        + " case when not (i % 3 = 0 and i % 4 <> 0) then cast(:now as timestamptz) - make_interval(days => i % 120)"
        + "   + make_interval(hours => 96 + i % 72) end,"
        + " case when not (i % 3 = 0 and i % 4 <> 0) then 'agent' || (1 + i % 20) end " + ids)
        .param("n", n).param("now", ts(NOW)).update();
    jdbc.sql("analyze").update();
  }

  private static java.sql.Timestamp ts(Instant instant) {
    return java.sql.Timestamp.from(instant);
  }

  /** A fresh, migrated database: on the local PostgreSQL when it runs, otherwise embedded. */
  private record Database(DataSource dataSource, Runnable onClose) implements AutoCloseable {

    static Database fresh() throws IOException, SQLException {
      Database db;
      if (localPostgres()) {
        String name = "recoverly_bench_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
        admin("create database " + name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:5432/" + name);
        ds.setUser("postgres");
        db = new Database(ds, () -> admin("drop database if exists " + name + " with (force)"));
      } else {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("kpi-bench-"))
            .setCleanDataDirectory(true).start();
        db = new Database(pg.getPostgresDatabase(), () -> {
          try {
            pg.close();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
      }
      Flyway.configure().dataSource(db.dataSource()).load().migrate();
      return db;
    }

    @Override
    public void close() {
      onClose.run();
    }

    private static boolean localPostgres() {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static void admin(String sql) {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
        c.createStatement().execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }
  }
}
