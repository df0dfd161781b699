package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the embedded engine as open cases pile up, for the RocksDB engine and the stock in-memory test
 * engine, in one run. Not a test: run it with {@code ./mvnw -Pbench verify} (see README).
 *
 * <p>One model, the shape of a collection case: DMN {@code collection-strategy} → service task → job-based user task
 * → service task → wait for a {@code payment-received} message, so every case stays open. Cases are created with 32
 * requests in flight; workers complete jobs as soon as they arrive. A case counts when its last service task is done.
 * The rate "at N open cases" is measured over the last {@value #WINDOW} cases before N.
 *
 * <p>Arguments: {@code --stages 1000,5000,20000} (open-case counts), {@code --stock-max 5000} (the stock engine is
 * not run past this: it did not finish 6,000 in 10 minutes), {@code --stage-timeout PT10M}, {@code --only rocksdb}.
 */
public final class EngineBenchmark {

  private static final int WINDOW = 1000;
  private static final int IN_FLIGHT = 32;
  private static final String USER_TASK = "io.camunda.zeebe:userTask";

  record StageResult(int openCases, double casesPerSecond, boolean cut, double seconds) {}

  record EngineResult(String engine, List<StageResult> stages, long peakHeapBytes, long liveHeapBytes) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int[] stages = Arrays.stream(options.getOrDefault("stages", "1000,5000,20000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int stockMax = Integer.parseInt(options.getOrDefault("stock-max", "5000"));
    Duration stageTimeout = Duration.parse(options.getOrDefault("stage-timeout", "PT10M"));
    String only = options.get("only");

    System.out.printf("Recoverly engine benchmark: %d cores, max heap %d MB, Java %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));
    List<EngineResult> results = new ArrayList<>();
    if (only == null || only.equals("rocksdb")) {
      results.add(run("rocksdb", stages, stageTimeout));
    }
    if (only == null || only.equals("in-memory")) {
      results.add(run("in-memory", Arrays.stream(stages).filter(s -> s <= stockMax).toArray(), stageTimeout));
    }
    report(results, stages);
    // the stock engine leaves a non-daemon timer thread behind
    System.exit(0);
  }

  private static EngineResult run(String engineName, int[] stages, Duration stageTimeout) throws Exception {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    int port = freePort();
    Path stateParent = Files.createTempDirectory("recoverly-bench-");
    ZeebeTestEngine engine = engineName.equals("rocksdb")
        ? new RocksDbZeebeEngine(port, stateParent, new SimpleMeterRegistry(), false)
        : EngineFactory.create(port);
    engine.start();
    AtomicLong done = new AtomicLong();
    List<StageResult> results = new ArrayList<>();
    long liveHeap;
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://127.0.0.1:" + port))
        .preferRestOverGrpc(false)
        .defaultRequestTimeout(Duration.ofMinutes(2))
        .numJobWorkerExecutionThreads(4)
        .build()) {
      client.newDeployResourceCommand()
          .addResourceFromClasspath("bpmn/collection-strategy.dmn")
          .addProcessModel(model(), "benchmark-case.bpmn")
          .send().join();
      List<JobWorker> workers = List.of(
          worker(client, "bench-send-reminder", null),
          worker(client, USER_TASK, null),
          worker(client, "bench-record-contact", done));
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      int created = 0;
      for (int target : stages) {
        int windowFrom = Math.max(created, target - WINDOW);
        long windowStart = 0;
        long windowStartDone = 0;
        long stageStart = System.nanoTime();
        boolean cut = false;
        while (created < target) {
          if (created == windowFrom) {
            windowStart = System.nanoTime();
            windowStartDone = done.get();
          }
          inFlight.acquire();
          client.newCreateInstanceCommand().bpmnProcessId("benchmark-case").latestVersion()
              .variables(Map.of("caseId", "case-" + created, "balance", 500 + created % 20_000,
                  "dpd", 1 + created % 180, "product", "CREDIT_CARD", "brokenPromises", created % 3))
              .send()
              .whenComplete((r, e) -> inFlight.release());
          created++;
          if (System.nanoTime() - stageStart > stageTimeout.toNanos()) {
            cut = true;
            break;
          }
        }
        // wait until every created case has been through the path
        long deadline = stageStart + stageTimeout.toNanos();
        while (done.get() < created && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        cut |= done.get() < created;
        long end = System.nanoTime();
        if (windowStart == 0) {
          windowStart = stageStart;
        }
        double seconds = (end - windowStart) / 1e9;
        double rate = (done.get() - windowStartDone) / seconds;
        results.add(new StageResult((int) done.get(), rate, cut, (end - stageStart) / 1e9));
        System.out.printf(Locale.ROOT, "  %-9s %,7d open cases: %7.1f cases/s%s (stage took %.1f s)%n",
            engineName, done.get(), rate, cut ? "  [cut at time limit]" : "", (end - stageStart) / 1e9);
        if (cut) {
          break;
        }
      }
      System.gc();
      Thread.sleep(200);
      liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      workers.forEach(JobWorker::close);
    } finally {
      engine.stop();
    }
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new EngineResult(engineName, results, peak, liveHeap);
  }

  private static JobWorker worker(CamundaClient client, String type, AtomicLong done) {
    return client.newWorker().jobType(type)
        .handler((jobClient, job) -> jobClient.newCompleteCommand(job.getKey()).send()
            .whenComplete((r, e) -> {
              if (e == null && done != null) {
                done.incrementAndGet();
              }
            }))
        .maxJobsActive(64)
        .pollInterval(Duration.ofMillis(20))
        .timeout(Duration.ofMinutes(5))
        .fetchVariables("caseId")
        .open();
  }

  static BpmnModelInstance model() {
    return Bpmn.createExecutableProcess("benchmark-case")
        .startEvent("case-opened")
        .businessRuleTask("segment-case", t -> t.zeebeCalledDecisionId("collection-strategy").zeebeResultVariable("strategy"))
        .serviceTask("send-reminder", t -> t.zeebeJobType("bench-send-reminder"))
        .userTask("call-debtor", t -> t.zeebeCandidateGroups("agents"))
        .serviceTask("record-contact", t -> t.zeebeJobType("bench-record-contact"))
        .intermediateCatchEvent("wait-for-payment", e -> e.message(m -> m.name("payment-received").zeebeCorrelationKeyExpression("caseId")))
        .endEvent("case-closed")
        .done();
  }

  private static void report(List<EngineResult> results, int[] stages) {
    System.out.println();
    System.out.println("cases/s at open cases (rate over the last " + WINDOW + " cases of each stage):");
    System.out.printf("  %-12s", "open cases");
    for (EngineResult r : results) {
      System.out.printf("%14s", r.engine());
    }
    System.out.printf("%18s%n", "rocksdb/in-memory");
    for (int stage : stages) {
      System.out.printf(Locale.ROOT, "  %,-12d", stage);
      Double rocks = rate(results, "rocksdb", stage);
      Double stock = rate(results, "in-memory", stage);
      for (EngineResult r : results) {
        Double rate = rate(results, r.engine(), stage);
        System.out.printf(Locale.ROOT, "%14s", rate == null ? "not run" : String.format(Locale.ROOT, "%.1f", rate));
      }
      System.out.printf(Locale.ROOT, "%18s%n", rocks != null && stock != null
          ? String.format(Locale.ROOT, "%.1fx", rocks / stock) : "-");
    }
    for (EngineResult r : results) {
      System.out.printf(Locale.ROOT, "  %s: peak heap %d MB, live heap after GC at the end %d MB%n",
          r.engine(), r.peakHeapBytes() >> 20, r.liveHeapBytes() >> 20);
    }
    Double first = rate(results, "rocksdb", stages[0]);
    Double last = rate(results, "rocksdb", stages[stages.length - 1]);
    if (first != null && last != null) {
      System.out.printf(Locale.ROOT, "  rocksdb at %,d vs %,d open cases: %.2fx (goal >= 0.8x)%n",
          stages[stages.length - 1], stages[0], last / first);
    }
  }

  private static Double rate(List<EngineResult> results, String engine, int stage) {
    return results.stream().filter(r -> r.engine().equals(engine)).flatMap(r -> r.stages().stream())
        .filter(s -> s.openCases() == stage && !s.cut()).map(StageResult::casesPerSecond).findFirst().orElse(null);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
