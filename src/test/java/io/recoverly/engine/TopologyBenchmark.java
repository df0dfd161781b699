package io.recoverly.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverly.support.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One app node against two, and what a case costs, measured in one run (issue 18). Not a test: run it with
 * {@code ./mvnw -Pbench verify -Dbench.main=io.recoverly.engine.TopologyBenchmark -Dbench.args="--cases 500"}.
 *
 * <p>The service path of a case, for N cases: import, validation notice and first reminder, six days of engine time
 * (the cadence), the call task stored and completed by agents ("no answer", 8 agents in parallel, spread over the
 * nodes), the second reminder. Once on node A alone (embedded engine, this JVM), once on node A plus node B (the
 * production jar in its own JVM, cluster mode on A's engine and database), each on a fresh database: cases/s and the
 * ratio. This machine has 2 cores, so a second node competes with the first for them: the ratio informs, it does not
 * promise.
 *
 * <p>From the one-node run, what one case costs over the path and per engine day (the path spans 6 engine days):
 * engine records written (the log position), job activations (the client's {@code camunda.job.invocations}),
 * PostgreSQL transactions and rows written and read ({@code pg_stat_database}), bytes of engine state (RocksDB) and of
 * database per open case. Written to {@code target/bench/topology-benchmark.json} too.
 */
public final class TopologyBenchmark {

  private static final int ENGINE_DAYS = 6;

  private TopologyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = 500;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--cases")) {
        n = Integer.parseInt(args[i + 1]);
      }
    }
    Map<String, Object> results = measure(n);
    Files.createDirectories(Path.of("target/bench"));
    Files.writeString(Path.of("target/bench/topology-benchmark.json"),
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(results));
    System.exit(0);
  }

  /** Runs both and prints them (also the service benchmark's fifth figure); returns the figures. */
  static Map<String, Object> measure(int cases) throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    Run one = run(cases, false);
    Run two = run(cases, true);
    System.out.printf(Locale.ROOT, "%nService path, %d cases (import to second reminder, 6 engine days):%n", cases);
    System.out.printf(Locale.ROOT, "  1 node : %7.1f cases/s (%.1f s)%n", one.casesPerSecond(), one.seconds());
    System.out.printf(Locale.ROOT, "  2 nodes: %7.1f cases/s (%.1f s), %d of %d calls completed on node B%n",
        two.casesPerSecond(), two.seconds(), two.onB(), cases);
    System.out.printf(Locale.ROOT, "  ratio 2 nodes / 1 node: %.2f (2 cores on this machine)%n",
        two.casesPerSecond() / one.casesPerSecond());
    System.out.printf(Locale.ROOT, "%nOne case, over the path and per engine day (one node):%n");
    one.costs().forEach((name, total) -> System.out.printf(Locale.ROOT, "  %-34s %10.1f per case  %8.1f per day%n",
        name, total / cases, total / cases / ENGINE_DAYS));
    results.put("cases", cases);
    results.put("oneNodeCasesPerSecond", one.casesPerSecond());
    results.put("twoNodesCasesPerSecond", two.casesPerSecond());
    results.put("ratio", two.casesPerSecond() / one.casesPerSecond());
    Map<String, Double> perCase = new LinkedHashMap<>();
    one.costs().forEach((name, total) -> perCase.put(name, total / cases));
    results.put("perCase", perCase);
    results.put("engineDays", ENGINE_DAYS);
    return results;
  }

  record Run(double seconds, double casesPerSecond, int onB, Map<String, Double> costs) {}

  private static Run run(int cases, boolean twoNodes) throws Exception {
    Map<String, Object> shared = Nodes.shared();
    ConfigurableApplicationContext nodeA = Nodes.startA(shared);
    Nodes.External nodeB = null;
    try {
      JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
      MeterRegistry meters = nodeA.getBean(MeterRegistry.class);
      String[] urls = {Nodes.url(nodeA)};
      if (twoNodes) {
        nodeB = Nodes.startB(shared, "topology-benchmark-b.log");
        urls = new String[] {Nodes.url(nodeA), nodeB.url()};
      }
      Map<String, Double> before = costs(jdbc, meters);
      long start = System.nanoTime();
      require(Nodes.status(urls[0], "POST", "/api/portfolios/import", Nodes.portfolio("TOPO-", "TOPO", cases),
          "text/csv"), 200, "import");
      await(jdbc, "select count(*) from outbound_message where template = 'payment-reminder' and status = 'SENT'",
          cases);
      Map<String, Double> open = costs(jdbc, meters);
      require(Nodes.status(urls[0], "POST", "/api/dev/clock/advance", "{\"duration\":\"P6D\"}", "application/json"),
          200, "clock");
      await(jdbc, "select count(*) from user_task where element_id = 'call-debtor' and state = 'OPEN'", cases);
      List<UUID> tasks = jdbc.sql("select id from user_task where element_id = 'call-debtor' and state = 'OPEN'")
          .query(UUID.class).list();
      ExecutorService agents = Executors.newFixedThreadPool(8);
      AtomicInteger onB = new AtomicInteger();
      AtomicInteger retried = new AtomicInteger();
      List<Future<?>> work = new ArrayList<>();
      String[] nodes = urls;
      for (int i = 0; i < tasks.size(); i++) {
        UUID task = tasks.get(i);
        int preferred = i % nodes.length;
        work.add(agents.submit(() -> {
          if (Nodes.completeCall(nodes, preferred, task, retried)) {
            onB.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      agents.shutdown();
      await(jdbc, "select count(*) from case_event where type = 'REMINDER_SENT'", 2L * cases);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> after = costs(jdbc, meters);
      Map<String, Double> used = new LinkedHashMap<>();
      after.forEach((name, value) -> {
        if (name.startsWith("bytes")) {
          used.put(name, open.get(name) - before.get(name)); // state held while the cases are open
        } else {
          used.put(name, value - before.get(name));
        }
      });
      return new Run(seconds, cases / seconds, onB.get(), used);
    } finally {
      if (nodeB != null) {
        nodeB.process().destroy();
        nodeB.process().waitFor();
      }
      nodeA.close();
    }
  }

  /** The running totals a case adds to (this node's counters, the database's statistics). */
  private static Map<String, Double> costs(JdbcClient jdbc, MeterRegistry meters) {
    jdbc.sql("select pg_stat_clear_snapshot()").query().singleRow();
    Map<String, Double> costs = new LinkedHashMap<>();
    costs.put("engine records written", gauge(meters, "recoverly.engine.log.position"));
    costs.put("job activations (this node)", meters.find("camunda.job.invocations").tag("action", "activated")
        .counters().stream().mapToDouble(Counter::count).sum());
    Map<String, Object> db = jdbc.sql("""
            select xact_commit, tup_inserted, tup_updated, tup_deleted, tup_returned, tup_fetched,
                   pg_database_size(current_database()) as size
              from pg_stat_database where datname = current_database()
            """).query().singleRow();
    costs.put("PostgreSQL transactions", number(db.get("xact_commit")));
    costs.put("PostgreSQL rows written", number(db.get("tup_inserted")) + number(db.get("tup_updated"))
        + number(db.get("tup_deleted")));
    costs.put("PostgreSQL rows read", number(db.get("tup_returned")) + number(db.get("tup_fetched")));
    costs.put("bytes of engine state (open case)", gauge(meters, "recoverly.engine.state.bytes"));
    costs.put("bytes of database (open case)", number(db.get("size")));
    return costs;
  }

  private static double gauge(MeterRegistry meters, String name) {
    var gauge = meters.find(name).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  private static void require(int status, int expected, String what) {
    if (status != expected) {
      throw new IllegalStateException(what + " answered " + status);
    }
  }

  private static void await(JdbcClient jdbc, String sql, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (jdbc.sql(sql).query(Long.class).single() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + expected + ": " + sql);
      }
      Thread.sleep(200);
    }
  }
}
