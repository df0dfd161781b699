package io.recoverly.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recoverly.RecoverlyApplication;
import io.recoverly.plans.PaymentService;
import io.recoverly.support.TestInfrastructure;
import io.recoverly.tasks.Tasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What orchestration costs and how the service holds up, measured in one run on one machine. Not a test: run it with
 * {@code ./mvnw -Pbench verify -Dbench.main=io.recoverly.engine.ServiceBenchmark} (see README). It prints four
 * figures and writes them to {@code target/bench/service-benchmark.json}:
 * <ol>
 *   <li>the collection-case path (segmentation, reminder, cadence timer, contact check, the call task completed as a
 *       right-party contact, the second reminder, payment in full, closure) for N cases on the bare embedded engine
 *       with no-op workers, then through the full application (PostgreSQL, contact guard, outbox, timeline, task
 *       store, payment intake): cases/s of each and the ratio;</li>
 *   <li>a portfolio import of 100,000 accounts: accounts/s and the peak heap, against an import of 10,000 (a
 *       streamed import keeps the peak flat);</li>
 *   <li>inbox query latency (p50/p95/p99 of GET /api/tasks as an agent) with 100,000 open tasks;</li>
 *   <li>10,000 cases through 90 days of engine time, the clock moved a day at a time, an automatic agent answering
 *       every due call ("no answer"): wall time;</li>
 *   <li>the service path on one app node against two ({@link TopologyBenchmark}: node B is the production jar in a
 *       JVM of its own): cases/s and the ratio, and what one case costs per engine day
 *       ({@code --nodes-cases 400}).</li>
 * </ol>
 * The path runs {@code --rounds} times (default 3) after a round that is not counted (JIT warm-up), bare and full in
 * turn, the order turned every round; it reports every round's cases/s and CPU per case (this JVM, the PostgreSQL
 * server) and the median ratio.
 * Arguments: {@code --path-cases 1000 --import 100000 --inbox-tasks 100000 --portfolio 10000 --days 90}, and
 * {@code --execution-threads N} to try another number of job worker threads in the application, {@code --agents N}
 * for the number of agents answering the path's calls in parallel (default 8); a size of 0 leaves
 * that figure out.
 */
public final class ServiceBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> RESULTS = new LinkedHashMap<>();

  private ServiceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, Integer> o = new HashMap<>(Map.of("path-cases", 1000, "import", 100_000, "inbox-tasks", 100_000,
        "portfolio", 10_000, "days", 90, "execution-threads", 0, "rounds", 3, "agents", 8, "nodes-cases", 400));
    o.put("path", 1);
    for (int i = 0; i + 1 < args.length; i += 2) {
      String option = args[i].replaceFirst("^--", "");
      if (!o.containsKey(option)) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; the options are " + o.keySet());
      }
      o.put(option, Integer.parseInt(args[i + 1]));
    }
    System.out.printf("Recoverly service benchmark: %d cores, max heap %d MB, Java %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));
    RESULTS.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
        System.getProperty("java.version"), "maxHeapMb", Runtime.getRuntime().maxMemory() >> 20));
    int n = o.get("path-cases");
    int rounds = Math.max(1, o.get("rounds"));
    pathAgents = Math.max(1, o.get("agents"));
    try (App app = App.start(o.get("execution-threads"))) {
      if (o.get("path") == 0) {
        // --path 0: the other figures only
        if (o.get("inbox-tasks") > 0) {
          inbox(app, o.get("inbox-tasks"));
        }
        if (o.get("import") > 0) {
          imports(app, o.get("import"));
        }
        return;
      }
      // a whole round of each that is not counted: the JIT compiles the engine, the app and the driver
      System.out.println("warm-up (JIT): a round of the path on a throwaway engine and through the full app");
      barePath(n);
      fullPath(app, n, "WARM-");
      // bare and full alternate, the order turned every round (bare first, then full first, ...), so that neither a
      // slow spell of the machine nor the JIT's late compilations fall on one side only
      List<Map<String, Object>> runs = new ArrayList<>();
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        double bare = 0;
        double full = 0;
        double[] bareCpu = null;
        double[] fullCpu = null;
        double bareRecords = 0;
        double fullRecords = 0;
        for (boolean bareTurn : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          app.settle();
          Cpu start = Cpu.now();
          if (bareTurn) {
            bare = barePath(n);
            bareCpu = Cpu.now().perCaseSince(start, n);
            bareRecords = lastRecordsPerCase;
          } else {
            full = fullPath(app, n, "PATH" + r + "-");
            fullCpu = Cpu.now().perCaseSince(start, n);
            fullRecords = lastRecordsPerCase;
          }
        }
        ratios[r] = full / bare;
        System.out.printf(Locale.ROOT, "   round %d (%s first): bare %.1f cases/s (per case: JVM %.1f ms CPU, PostgreSQL"
                + " %.1f ms, %.0f engine records), full %.1f cases/s (JVM %.1f ms, PostgreSQL %.1f ms, %.0f records),"
                + " ratio %.2f%n", r + 1, r % 2 == 0 ? "bare" : "full", bare, bareCpu[0], bareCpu[1], bareRecords, full,
            fullCpu[0], fullCpu[1], fullRecords, ratios[r]);
        runs.add(Map.of("bareCasesPerSecond", round(bare), "fullCasesPerSecond", round(full), "ratio",
            round(ratios[r]), "bareCpuMsPerCase", Map.of("jvm", round(bareCpu[0]), "postgres", round(bareCpu[1])),
            "fullCpuMsPerCase", Map.of("jvm", round(fullCpu[0]), "postgres", round(fullCpu[1])),
            "engineRecordsPerCase", Map.of("bare", Math.round(bareRecords), "full", Math.round(fullRecords))));
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      double median = rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
      System.out.printf(Locale.ROOT, "1. collection-case path, %,d cases, %d rounds: ratio full/bare %s, median %.2f"
          + " (goal >= 0.8)%n", n, rounds, Arrays.stream(ratios).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x))
              .toList(), median);
      RESULTS.put("path", Map.of("cases", n, "rounds", runs, "medianRatio", round(median)));
      // a figure asked with a size of 0 is left out (to measure one figure at a time)
      if (o.get("portfolio") > 0 && o.get("days") > 0) {
        ninetyDays(app, o.get("portfolio"), o.get("days"));
      }
      if (o.get("inbox-tasks") > 0) {
        inbox(app, o.get("inbox-tasks"));
      }
      if (o.get("import") > 0) {
        imports(app, o.get("import"));
      }
    }
    // 5. one node against two (the production jar in its own JVM) on the service path, and what a case costs
    if (o.get("nodes-cases") > 0) {
      RESULTS.put("topology", TopologyBenchmark.measure(o.get("nodes-cases")));
    }
    Path out = Path.of("target", "bench", "service-benchmark.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(RESULTS));
    System.out.println("Written to " + out);
    System.exit(0);
  }

  // ---- 1. the path: bare engine ----------------------------------------------------------------------------------

  private static double barePath(int n) throws Exception {
    int port = TestInfrastructure.freePort();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RocksDbZeebeEngine engine = new RocksDbZeebeEngine(port, Files.createTempDirectory("bench-bare-"), meters, false);
    engine.start();
    Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    try (CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:" + port))
        .preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofMinutes(2)).numJobWorkerExecutionThreads(4).build()) {
      var deploy = client.newDeployResourceCommand().addResourceFile("bpmn/collection-case.bpmn");
      for (String file : List.of("bpmn/settlement.bpmn", "bpmn/legal-escalation.bpmn", "bpmn/collection-strategy.dmn",
          "bpmn/escalation-threshold.dmn", "bpmn/settlement-approval.dmn")) {
        deploy = deploy.addResourceFile(file);
      }
      try (var forms = Files.list(Path.of("forms"))) {
        for (Path form : forms.toList()) {
          deploy = deploy.addResourceFile(form.toString());
        }
      }
      deploy.send().join();
      List<JobWorker> workers = new ArrayList<>();
      Map<String, java.util.function.Supplier<Map<String, Object>>> outputs = Map.of(
          "enter-stage", Map::of,
          "send-reminder", () -> Map.of("lastReminderChannel", "SMS"),
          "check-contact-allowed", () -> Map.of("contactAllowedAt", TimerDates.instant(Instant.now().minusSeconds(1)),
              "contactRule", "ALLOW"),
          "io.camunda.zeebe:userTask", () -> Map.of("callOutcome", "RIGHT_PARTY_CONTACT"),
          "close-case", Map::of);
      outputs.forEach((type, output) -> {
        done.put(type, new AtomicLong());
        workers.add(client.newWorker().jobType(type).handler((jobClient, job) -> jobClient
                .newCompleteCommand(job.getKey()).variables(output.get()).send()
                .whenComplete((r, e) -> {
                  if (e == null) {
                    done.get(type).incrementAndGet();
                  }
                }))
            .maxJobsActive(64).timeout(Duration.ofMinutes(5)).fetchVariables("caseId").streamEnabled(true).open());
      });
      LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
      long start = System.nanoTime();
      lastStep = start;
      lastStepCpu = Cpu.now();
      Semaphore inFlight = new Semaphore(32);
      for (int i = 0; i < n; i++) {
        inFlight.acquire();
        client.newCreateInstanceCommand().bpmnProcessId("collection-case").latestVersion()
            .variables(caseVariables("bare-" + i, i, today)).send().whenComplete((r, e) -> inFlight.release());
      }
      await("bare: first reminders", () -> done.get("send-reminder").get() >= n);
      engine.increaseTime(Duration.ofDays(6));
      await("bare: calls", () -> done.get("io.camunda.zeebe:userTask").get() >= n);
      await("bare: second reminders", () -> done.get("send-reminder").get() >= 2L * n);
      for (int i = 0; i < n; i++) {
        inFlight.acquire();
        client.newPublishMessageCommand().messageName("payment-received").correlationKey("bare-" + i)
            .messageId("payment:bare-" + i).variables(Map.of("paymentAmount", 1, "balance", 0, "paidInFull", true,
                "closeOutcome", "PAID_IN_FULL")).send().whenComplete((r, e) -> inFlight.release());
      }
      await("bare: closed", () -> done.get("close-case").get() >= n);
      double seconds = (System.nanoTime() - start) / 1e9;
      lastRecordsPerCase = logPosition(meters) / n;
      workers.forEach(JobWorker::close);
      return n / seconds;
    } finally {
      engine.stop();
    }
  }

  /** The variables the case launcher gives a new case (see CaseProcessLauncher). */
  private static Map<String, Object> caseVariables(String caseId, int i, LocalDate today) {
    Map<String, Object> v = new HashMap<>();
    v.put("caseId", caseId);
    v.put("accountRef", caseId);
    v.put("balance", balance(i));
    v.put("currency", "USD");
    v.put("dpd", dpd(i));
    v.put("dueDate", today.minusDays(dpd(i)).toString());
    v.put("product", "CREDIT_CARD");
    v.put("jurisdiction", "US");
    v.put("riskScore", null);
    v.put("brokenPromises", 0);
    v.put("contactCycles", 0);
    v.put("escalationRefused", false);
    return v;
  }

  private static int dpd(int i) {
    return 10 + i % 30;
  }

  private static BigDecimal balance(int i) {
    return BigDecimal.valueOf(200 + i % 4000).setScale(2);
  }

  // ---- 1. the path: the full application -------------------------------------------------------------------------

  private static double fullPath(App app, int n, String prefix) throws Exception {
    Tasks tasks = app.context.getBean(Tasks.class);
    PaymentService payments = app.context.getBean(PaymentService.class);
    Engine engine = app.context.getBean(Engine.class);
    // every step waits on the jobs the engine has acknowledged (the client's meters, read in memory), as the bare run
    // waits on its workers' acknowledged completions; a worker records its event before its job completes, and the
    // cadence timer exists only after the completion
    double reminders = app.completedJobs("send-reminder");
    double closings = app.completedJobs("close-case");
    MeterRegistry meters = app.context.getBean(MeterRegistry.class);
    double records = logPosition(meters);
    long start = System.nanoTime();
    lastStep = start;
    lastStepCpu = Cpu.now();
    app.importAccounts(prefix, n, i -> "CREDIT_CARD," + balance(i) + ",USD," + dpd(i));
    await("full: first reminders", () -> app.completedJobs("send-reminder") >= reminders + n);
    engine.advanceClock(Duration.ofDays(6));
    // the agents answer the calls as they come due, --agents at a time, looking at the task list every 100 ms
    Set<UUID> taken = ConcurrentHashMap.newKeySet();
    AtomicLong answered = new AtomicLong();
    try (ExecutorService agents = Executors.newFixedThreadPool(pathAgents)) {
      long lastLook = 0;
      Instant[] since = {Instant.EPOCH};
      while (answered.get() < n) {
        if (System.nanoTime() - lastLook > 100_000_000L) {
          lastLook = System.nanoTime();
          // the tasks that arrived since the last look (with a margin for tasks committed late), as an agent's
          // refreshed inbox shows the newest: each look reads the new tasks, not the whole open queue again
          for (UUID task : app.newCallTasks(prefix, since)) {
            if (taken.add(task)) {
              agents.submit(() -> {
                tasks.claim(task, "agent");
                tasks.complete(task, "agent", Map.of("callOutcome", "RIGHT_PARTY_CONTACT"));
                answered.incrementAndGet();
              });
            }
          }
        }
        Thread.sleep(10);
      }
      await("full: calls", () -> answered.get() >= n);
    }
    await("full: second reminders", () -> app.completedJobs("send-reminder") >= reminders + 2L * n);
    try (ExecutorService payers = Executors.newFixedThreadPool(8)) {
      for (var c : app.jdbc.sql("select c.id, a.balance from collection_case c join account a on a.id = c.account_id"
          + " where a.account_ref like :p").param("p", prefix + "%").query().listOfRows()) {
        payers.submit(() -> payments.record(new PaymentService.PaymentRequest((UUID) c.get("id"), null,
            (BigDecimal) c.get("balance"), "USD", "bench-" + c.get("id"), null)));
      }
    }
    await("full: closed", () -> app.completedJobs("close-case") >= closings + n);
    double seconds = (System.nanoTime() - start) / 1e9;
    lastRecordsPerCase = (logPosition(meters) - records) / n;
    return n / seconds;
  }

  // ---- 4. 90 days ------------------------------------------------------------------------------------------------

  private static void ninetyDays(App app, int n, int days) throws Exception {
    Tasks tasks = app.context.getBean(Tasks.class);
    String prefix = "DAYS-";
    app.importAccounts(prefix, n, i -> "CREDIT_CARD," + balance(i) + ",USD," + (1 + i % 150));
    await("90 days: instances", () -> app.events(prefix, "REMINDER_SENT") + app.events(prefix, "CONTACT_BLOCKED")
        >= n);
    long start = System.nanoTime();
    long calls = 0;
    Set<UUID> taken = ConcurrentHashMap.newKeySet();
    for (int day = 1; day <= days; day++) {
      app.post("/api/dev/clock/advance", "{\"duration\":\"P1D\"}");
      app.quiet();
      List<UUID> due = app.openCallTasks(prefix).stream().filter(taken::add).toList();
      try (ExecutorService agents = Executors.newFixedThreadPool(8)) {
        for (UUID task : due) {
          agents.submit(() -> {
            try {
              tasks.claim(task, "agent2");
              tasks.complete(task, "agent2", Map.of("callOutcome", "NO_ANSWER"));
            } catch (RuntimeException e) {
              // a call the contact guard refuses now stays open; it is not taken again
            }
          });
        }
      }
      calls += due.size();
      app.quiet();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long closed = app.events(prefix, "CASE_CLOSED");
    long events = app.jdbc.sql("select count(*) from case_event e join collection_case c on c.id = e.case_id join"
        + " account a on a.id = c.account_id where a.account_ref like :p").param("p", prefix + "%")
        .query(Long.class).single();
    System.out.printf(Locale.ROOT, "4. %,d cases through %d days (one-day steps, %,d calls answered, %,d timeline"
        + " events): %.1f s wall time, %.2f s per engine day%n", n, days, calls, events, seconds, seconds / days);
    RESULTS.put("ninetyDays", Map.of("cases", n, "days", days, "callsAnswered", calls, "timelineEvents", events,
        "closed", closed, "wallSeconds", round(seconds), "secondsPerDay", round(seconds / days)));
  }

  // ---- 3. inbox latency ------------------------------------------------------------------------------------------

  private static void inbox(App app, int n) throws Exception {
    // the app's business time is the engine clock (a run before may have moved it): the tasks are placed around it
    java.sql.Timestamp engineNow = java.sql.Timestamp.from(java.time.Instant.parse(
        app.get("/api/dev/clock", "admin").path("now").asText()));
    // n open call tasks on n cases, written straight into the database (as the task store keeps them)
    app.jdbc.sql("""
        insert into debtor (id, full_name, phone, time_zone, jurisdiction, created_at)
        select cast('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') as uuid), 'Inbox Debtor ' || i,
               '+1' || (4150000000 + i), 'America/Chicago', 'US', now() from generate_series(1, :n) i
        """).param("n", n).update();
    app.jdbc.sql("""
        insert into account (id, account_ref, debtor_id, product, principal, balance, placed_balance, currency,
                             due_date, created_at)
        select cast('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0') as uuid), 'INBOX-' || i,
               cast('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') as uuid), 'CREDIT_CARD', 5000,
               100 + i % 5000, 100 + i % 5000, 'USD', current_date - (1 + i % 180), now()
          from generate_series(1, :n) i
        """).param("n", n).update();
    // a process instance key of their own, so the launcher leaves them alone
    app.jdbc.sql("""
        insert into collection_case (id, account_id, status, stage, opened_at, process_instance_key)
        select cast('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0') as uuid),
               cast('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0') as uuid), 'OPEN', 'CONTACT', now(), -i
          from generate_series(1, :n) i
        """).param("n", n).update();
    app.jdbc.sql("""
        insert into user_task (id, engine_incarnation, job_key, case_id, process_instance_key, element_id, name,
                               candidate_groups, form_id, state, due_at, created_at)
        select cast('00000000-0000-4000-d000-' || lpad(to_hex(i), 12, '0') as uuid), 'bench-inbox', -i,
               cast('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0') as uuid), -i, 'call-debtor', 'Call debtor',
               'agents', 'call-debtor', 'OPEN',
               -- due dates spread over four days to the second, as tasks created at their own moments have them
               cast(:now as timestamptz) + make_interval(hours => i % 96 - 48, secs => (i * 7919) % 3600),
               cast(:now as timestamptz) - make_interval(mins => i % 10000)
          from generate_series(1, :n) i
        """).param("n", n).param("now", engineNow).update();
    // their windows as the task store keeps them: a third callable now, the rest from a time ahead (contact hours)
    app.jdbc.sql("""
        update user_task set
          actionable_from = case when -job_key % 3 = 0 then cast(:now as timestamptz) - interval '1 hour' else cast(:now as timestamptz) + interval '3 hours' end,
          actionable_until = case when -job_key % 3 = 0 then cast(:now as timestamptz) + interval '5 hours' else cast(:now as timestamptz) + interval '16 hours' end,
          blocked_rule = case when -job_key % 3 = 0 then null else 'CONTACT_HOURS' end,
          blocked_reason = case when -job_key % 3 = 0 then null
                           else 'US Regulation F (FDCPA): contact only 08:00-21:00 debtor-local' end,
          recheck_at = cast(:now as timestamptz) + interval '3 hours'
         where engine_incarnation = 'bench-inbox'
        """).param("now", engineNow).update();
    app.jdbc.sql("vacuum analyze user_task").update(); // the windows' update left a dead version of every row
    app.jdbc.sql("analyze").update();
    Map<String, Object> figures = new LinkedHashMap<>();
    // the first page as the inbox asked for it before actionable routing (issue 19), straight on the database: one
    // count over the joined tables and one page in the priority order, with no window at all
    figures.put("before: first page, no actionable filter (SQL)", timed(200, () -> {
      Map<String, Object> params = Map.of("now", engineNow,
          "today", engineNow.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate(), "groups", "agents",
          "limit", 50);
      app.jdbc.sql("select count(*) from user_task t left join collection_case c on c.id = t.case_id"
          + " left join account a on a.id = c.account_id left join debtor d on d.id = a.debtor_id"
          + " where t.state = 'OPEN' and string_to_array(t.candidate_groups, ',') && string_to_array(:groups, ',')")
          .params(params).query(Long.class).single();
      app.jdbc.sql("select t.*, a.account_ref, d.full_name, a.balance, greatest(0, :today - a.due_date) as dpd"
          + " from user_task t left join collection_case c on c.id = t.case_id"
          + " left join account a on a.id = c.account_id left join debtor d on d.id = a.debtor_id"
          + " where t.state = 'OPEN' and string_to_array(t.candidate_groups, ',') && string_to_array(:groups, ',')"
          + " order by (t.due_at < :now) desc, t.due_at nulls last, dpd desc, a.balance desc, t.created_at, t.id"
          + " limit :limit").params(params).query((rs, i) -> rs.getObject(1)).list();
    }, "before: first page (SQL, no actionable filter)", n));
    // Next task: claims the most urgent task callable now; each is handed back untimed, so every call finds one
    figures.put("POST /api/tasks/next", timed(200, () -> {
      JsonNode task = app.post("/api/tasks/next", "{}", "agent");
      app.post("/api/tasks/" + task.path("id").asText() + "/unclaim", "{}", "agent");
    }, "POST /api/tasks/next (+ untimed release)", n));
    for (String query : List.of("/api/tasks?size=50", "/api/tasks?size=50&actionable=true",
        "/api/tasks?size=50&overdue=true", "/api/tasks?size=50&search=Inbox%20Debtor%2012",
        "/api/tasks?size=50&sort=balance&page=100",
        // find a case (issue 19): a fragment of the reference, of the name, the phone's last four digits
        "/api/cases?q=NBOX-4321&size=50", "/api/cases?q=Debtor%204321&size=50", "/api/cases?q=4321&size=50")) {
      for (int i = 0; i < 20; i++) {
        app.get(query, "agent"); // warm-up
      }
      double[] ms = new double[200];
      for (int i = 0; i < ms.length; i++) {
        long t = System.nanoTime();
        app.get(query, "agent");
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(ms);
      double p50 = ms[99];
      double p95 = ms[189];
      double p99 = ms[197];
      System.out.printf(Locale.ROOT, "3. inbox with %,d open tasks, GET %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
          n, query, p50, p95, p99);
      figures.put(query, Map.of("p50Ms", round(p50), "p95Ms", round(p95), "p99Ms", round(p99)));
    }
    RESULTS.put("inbox", Map.of("openTasks", n, "queries", figures));
  }

  private interface Step {
    void run() throws Exception;
  }

  /** p50/p95/p99 of {@code times} runs of {@code step} after 20 untimed ones, printed and returned. */
  private static Map<String, Object> timed(int times, Step step, String name, int openTasks) throws Exception {
    for (int i = 0; i < 20; i++) {
      step.run();
    }
    double[] ms = new double[times];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    double p50 = ms[times / 2 - 1];
    double p95 = ms[(int) (times * 0.95) - 1];
    double p99 = ms[(int) (times * 0.99) - 1];
    System.out.printf(Locale.ROOT, "3. inbox with %,d open tasks, %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
        openTasks, name, p50, p95, p99);
    return Map.of("p50Ms", round(p50), "p95Ms", round(p95), "p99Ms", round(p99));
  }

  // ---- 2. import -------------------------------------------------------------------------------------------------

  private static void imports(App app, int n) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    long peakSmall = 0;
    for (int size : new int[] {n / 10, n}) {
      Path file = Files.createTempFile("bench-import-", ".csv");
      String prefix = "IMPORT" + size + "-";
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,dpd\n");
        for (int i = 0; i < size; i++) {
          out.write(prefix + i + ",Import Debtor " + i + ",+14155550123,debtor" + i + "@example.com,\"1 Main St\","
              + "America/Chicago,US,CREDIT_CARD,5000.00," + balance(i) + ",USD," + (1 + i % 150) + "\n");
        }
      }
      // the previous import's cases start their processes and first reminders meanwhile: let that pass, so that the
      // peak belongs to this import
      app.quiet();
      System.gc();
      long base = heapUsed();
      heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      JsonNode result = app.postFile("/api/portfolios/import", file);
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      Files.delete(file);
      long imported = result.path("imported").asLong();
      System.out.printf(Locale.ROOT, "2. import of %,d accounts: %,.0f accounts/s (%.1f s), peak heap %d MB (%d MB"
          + " before)%n", imported, imported / seconds, seconds, peak >> 20, base >> 20);
      figures.put(String.valueOf(size), Map.of("imported", imported, "accountsPerSecond", Math.round(imported / seconds),
          "seconds", round(seconds), "peakHeapMb", peak >> 20, "heapBeforeMb", base >> 20));
      if (size == n) {
        System.out.printf(Locale.ROOT, "   peak heap of the %,d import / the %,d import: %.2f (flat when streamed)%n", n,
            n / 10, (double) peak / peakSmall);
        figures.put("peakRatio", round((double) peak / peakSmall));
      }
      peakSmall = peak;
    }
    // a lender's own file (issue 20): its headers through a saved mapping, dd/MM/yyyy dates, local Indian mobiles (each
    // one different, read by libphonenumber in the region), an extra column kept, as of three days earlier
    String mapping = "{\"columns\": {\"Acct No\": \"accountRef\", \"Customer Name\": \"debtorName\","
        + " \"Mobile No\": \"phone\", \"Email ID\": \"email\", \"Outstanding\": \"balance\","
        + " \"Loan Amount\": \"principal\", \"Overdue Since\": \"dueDate\", \"Days Past Due\": \"dpd\"},"
        + " \"dateFormat\": \"dd/MM/yyyy\", \"defaults\": {\"jurisdiction\": \"IN\", \"currency\": \"INR\","
        + " \"timezone\": \"Asia/Kolkata\", \"product\": \"PERSONAL_LOAN\", \"creditor\": \"Bench Lender\"},"
        + " \"extraColumns\": \"KEEP\"}";
    app.put("/api/portfolios/mappings/bench-lender", mapping);
    LocalDate asOf = app.today().minusDays(3);
    java.time.format.DateTimeFormatter dmy = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");
    Path file = Files.createTempFile("bench-mapped-", ".csv");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("Acct No,Customer Name,Mobile No,Email ID,Outstanding,Loan Amount,Overdue Since,Days Past Due,Branch\n");
      for (int i = 0; i < n; i++) {
        int dpd = 1 + i % 150;
        out.write("MAPPED" + n + "-" + i + ",Lender Debtor " + i + ",0" + (9_800_000_000L + i) + ",d" + i
            + "@example.in," + balance(i) + ",5000.00," + asOf.minusDays(dpd).format(dmy) + "," + dpd + ",Branch "
            + (i % 40) + "\n");
      }
    }
    app.quiet();
    long start = System.nanoTime();
    JsonNode result = app.postFile("/api/portfolios/import?mapping=bench-lender&asOf=" + asOf, file);
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.delete(file);
    long imported = result.path("imported").asLong();
    double plain = ((Number) ((Map<?, ?>) figures.get(String.valueOf(n))).get("accountsPerSecond")).doubleValue();
    System.out.printf(Locale.ROOT, "2. import of %,d accounts of a lender's own file (saved mapping, dd/MM/yyyy, local"
        + " phones to E.164, an extra column kept): %,.0f accounts/s (%.1f s), %.2f x the import in our format%n",
        imported, imported / seconds, seconds, imported / seconds / plain);
    figures.put("mapped", Map.of("imported", imported, "accountsPerSecond", Math.round(imported / seconds),
        "seconds", round(seconds), "ratioToOurFormat", round(imported / seconds / plain)));
    RESULTS.put("import", figures);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /**
   * CPU time used so far by this JVM (the engines and the app) and by the PostgreSQL server's processes (read from
   * /proc; 0 where that cannot be read).
   */
  private record Cpu(long jvmNanos, long postgresNanos) {

    static Cpu now() {
      long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      long ticks = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            if (Files.readString(proc.resolve("comm")).trim().equals("postgres")) {
              String stat = Files.readString(proc.resolve("stat"));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            }
          } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
          }
        }
      } catch (IOException e) {
        // no /proc: PostgreSQL's share stays 0
      }
      return new Cpu(jvm, ticks * 10_000_000L); // USER_HZ = 100
    }

    /** {JVM, PostgreSQL} CPU milliseconds per case since {@code before}. */
    double[] perCaseSince(Cpu before, int cases) {
      return new double[] {(jvmNanos - before.jvmNanos) / 1e6 / cases,
          (postgresNanos - before.postgresNanos) / 1e6 / cases};
    }
  }

  /** Agents answering the path's calls in parallel ({@code --agents}). */
  private static int pathAgents = 8;

  private static long lastStep = System.nanoTime();
  private static Cpu lastStepCpu = Cpu.now();

  /** Engine log records written per case by the last path run (commands, events, rejections). */
  private static double lastRecordsPerCase;

  private static double logPosition(MeterRegistry meters) {
    return meters.get("recoverly.engine.log.position").gauge().value();
  }

  /** Waits for a step of a run to be done, and prints how long it took since the previous step ended. */
  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark step did not finish in 10 minutes: " + what);
      }
      Thread.sleep(20);
    }
    long now = System.nanoTime();
    Cpu cpu = Cpu.now();
    double[] used = cpu.perCaseSince(lastStepCpu, 1000); // seconds of CPU
    double wall = (now - lastStep) / 1e9;
    System.out.printf(Locale.ROOT, "   %-28s %7.2f s  (CPU: JVM %.1f s, PostgreSQL %.1f s: %.1f of %d cores busy)%n",
        what, wall, used[0], used[1], (used[0] + used[1]) / wall, Runtime.getRuntime().availableProcessors());
    lastStep = now;
    lastStepCpu = cpu;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The full application, embedded mode, on a fresh database, with HTTP and database access. */
  private record App(ConfigurableApplicationContext context, JdbcClient jdbc, HttpClient http, String base)
      implements AutoCloseable {

    /** @param executionThreads the job workers' threads, 0 for the application's setting */
    static App start(int executionThreads) {
      Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
      if (executionThreads > 0) {
        properties.put("camunda.client.execution-threads", executionThreads);
      }
      properties.put("server.port", 0);
      properties.put("logging.level.root", "WARN");
      properties.put("logging.level.io.recoverly", "WARN");
      String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
          .toArray(String[]::new);
      ConfigurableApplicationContext context = new SpringApplicationBuilder(RecoverlyApplication.class).run(args);
      return new App(context, context.getBean(JdbcClient.class), HttpClient.newHttpClient(),
          "http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    void importAccounts(String prefix, int n, java.util.function.IntFunction<String> productBalanceCurrencyDpd)
        throws IOException, InterruptedException {
      Path file = Files.createTempFile("bench-", ".csv");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("accountRef,debtorName,phone,email,address,timezone,jurisdiction,principal,product,balance,currency,dpd\n");
        for (int i = 0; i < n; i++) {
          out.write(prefix + i + ",Bench Debtor " + i + ",+14155550123,debtor" + i + "@example.com,\"1 Main St\","
              + "America/Chicago,US,5000.00," + productBalanceCurrencyDpd.apply(i) + "\n");
        }
      }
      postFile("/api/portfolios/import", file);
      Files.delete(file);
    }

    /**
     * Lets the previous run's aftermath pass before a timed run: PostgreSQL's autovacuum of the tables the previous
     * full run filled (waited for, up to a minute), then a full GC, so that neither falls on the next run.
     */
    void settle() throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline && jdbc.sql("select count(*) from pg_stat_activity"
          + " where backend_type = 'autovacuum worker'").query(Long.class).single() > 0) {
        Thread.sleep(500);
      }
      System.gc();
      Thread.sleep(1000);
    }

    /** Jobs of a type whose completion the engine acknowledged (the Camunda client's own meter). */
    double completedJobs(String type) {
      var counter = context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("camunda.job.invocations")
          .tags("action", "completed", "type", type).counter();
      return counter == null ? 0 : counter.count();
    }

    long events(String prefix, String type) {
      return jdbc.sql("select count(*) from case_event e join collection_case c on c.id = e.case_id join account a"
              + " on a.id = c.account_id where a.account_ref like :p and e.type = :type")
          .param("p", prefix + "%").param("type", type).query(Long.class).single();
    }

    /** Open call tasks created at or after {@code since[0]} minus 5 s; moves {@code since[0]} to the newest seen. */
    List<UUID> newCallTasks(String prefix, Instant[] since) {
      List<Map.Entry<UUID, Instant>> rows = jdbc.sql("select t.id, t.created_at from user_task t join collection_case c"
              + " on c.id = t.case_id join account a on a.id = c.account_id where t.state = 'OPEN' and t.created_at"
              + " >= :since and a.account_ref like :p and t.element_id = 'call-debtor'")
          .param("since", java.sql.Timestamp.from(since[0].minusSeconds(5))).param("p", prefix + "%")
          .query((rs, i) -> Map.entry(rs.getObject("id", UUID.class), rs.getTimestamp("created_at").toInstant()))
          .list();
      rows.stream().map(Map.Entry::getValue).max(Instant::compareTo).ifPresent(newest -> since[0] = newest);
      return rows.stream().map(Map.Entry::getKey).toList();
    }

    List<UUID> openCallTasks(String prefix) {
      return jdbc.sql("select t.id from user_task t join collection_case c on c.id = t.case_id join account a"
              + " on a.id = c.account_id where a.account_ref like :p and t.state = 'OPEN'"
              + " and t.element_id = 'call-debtor'")
          .param("p", prefix + "%").query(UUID.class).list();
    }

    /** Waits until the timeline has not grown for a second: the engine and the workers are done with the step. */
    void quiet() throws InterruptedException {
      LongSupplier count = () -> jdbc.sql("select coalesce(max(id), 0) from case_event").query(Long.class).single();
      long last = -1;
      long stableSince = System.nanoTime();
      while (true) {
        long now = count.getAsLong();
        if (now != last) {
          last = now;
          stableSince = System.nanoTime();
        } else if (System.nanoTime() - stableSince > 1_000_000_000L) {
          return;
        }
        Thread.sleep(100);
      }
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
      return post(path, json, "admin");
    }

    /** The engine clock's date (UTC): what an import's as-of date is checked against. */
    LocalDate today() {
      return LocalDate.ofInstant(context.getBean(java.time.Clock.class).instant(), ZoneOffset.UTC);
    }

    JsonNode put(String path, String json) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(json)), "admin");
    }

    JsonNode post(String path, String json, String user) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    JsonNode postFile(String path, Path file) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofFile(file)), "admin");
    }

    JsonNode get(String path, String user) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), user);
    }

    private JsonNode send(HttpRequest.Builder request, String user) throws IOException, InterruptedException {
      String auth = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response = http.send(request.header("Authorization", "Basic " + auth)
          .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(response.statusCode() + " " + response.body());
      }
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
