package io.recoverly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.support.TestInfrastructure;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The production topology on this machine, without Docker (issue 18): node A runs the embedded engine (standing in
 * for the Camunda cluster) and PostgreSQL's database; node B is the production artifact in its own JVM, in cluster mode
 * on A's gRPC gateway and the same database. Both nodes' workers compete for the same jobs.
 * <ul>
 *   <li>a form version deployed through A is rendered and completed on B (B has no memory of A's deployment);</li>
 *   <li>a process version deployed through B is what A's launcher starts new cases on;</li>
 *   <li>1,000 cases; agents complete their call tasks on both nodes; B is killed ({@code kill -9}) in the middle and
 *       A carries on, the agents moving to A;</li>
 *   <li>at the end: no open case without a task, a timer ahead or a closure; every message queued once; every call
 *       recorded once; every call task completed (on the surviving node).</li>
 * </ul>
 * Runs after {@code package} (failsafe): it needs {@code target/recoverly-<version>-production.jar}.
 */
class TwoNodesIT {

  private static final int CASES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String MARKER = "Checked on two nodes";

  @Test
  void twoNodesShareTheWorkAndTheSurvivorCarriesOn() throws Exception {
    Map<String, Object> database = TestInfrastructure.properties();
    assumeThat(database).as("two JVMs need one PostgreSQL server").containsKey("spring.datasource.url");
    Path jar = ProductionArtifactIT.productionJar();
    Map<String, Object> shared = new HashMap<>(database);
    // a node that dies leaves its activated jobs and leased commands to the other within seconds (production: minutes)
    shared.put("camunda.client.worker.defaults.timeout", "PT15S");
    shared.put("camunda.client.worker.override[io.camunda.zeebe:userTask].timeout", "PT15S");
    shared.put("recoverly.outbox.relay.lease", "PT5S");
    shared.put("recoverly.launcher.batch-size", "100");
    int enginePort = (Integer) database.get("recoverly.engine.port");

    ConfigurableApplicationContext nodeA = null;
    Process nodeB = null;
    try {
      Map<String, Object> a = new HashMap<>(shared);
      a.put("server.port", 0);
      nodeA = new SpringApplicationBuilder(RecoverlyApplication.class).run(args(a));
      String urlA = "http://localhost:" + nodeA.getEnvironment().getProperty("local.server.port");
      JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
      Clock clock = nodeA.getBean(Clock.class);

      Map<String, Object> b = new HashMap<>(shared);
      b.remove("recoverly.engine.port");
      b.remove("recoverly.engine.clock-start");
      int portB = TestInfrastructure.freePort();
      b.put("server.port", portB);
      b.put("spring.profiles.active", "cluster");
      b.put("camunda.client.grpc-address", "http://127.0.0.1:" + enginePort);
      List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
      command.addAll(List.of(args(b)));
      File logB = Path.of("target", "two-nodes-b.log").toFile();
      nodeB = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logB).start();
      String urlB = "http://localhost:" + portB;
      Process b0 = nodeB;
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        assertThat(b0.isAlive()).as("node B runs (see " + logB + ")").isTrue();
        return status(urlB, "GET", "/actuator/health", null) == 200;
      });

      // a form version deployed through A, a process version deployed through B
      String form = Files.readString(Path.of("forms/call-debtor.form"))
          .replace("### Call the debtor", "### Call the debtor (" + MARKER + ")");
      assertThat(status(urlA, "POST", "/api/models/deploy", JSON.writeValueAsString(Map.of("resourceName",
          "call-debtor.form", "content", form, "changeNote", "heading names the two-node check")))).isEqualTo(201);
      String bpmn = Files.readString(Path.of("bpmn/collection-case.bpmn"))
          .replace("</bpmn:definitions>", "<!-- deployed through node B -->\n</bpmn:definitions>");
      JsonNode deployed = JSON.readTree(send(urlB, "POST", "/api/models/deploy", JSON.writeValueAsString(Map.of(
          "resourceName", "collection-case.bpmn", "content", bpmn, "changeNote", "deployed through node B")))
          .body());
      int versionFromB = -1;
      for (JsonNode model : deployed) {
        if (model.path("modelId").asText().equals("collection-case")) {
          versionFromB = model.path("version").asInt();
        }
      }
      assertThat(versionFromB).as("B deployed a new collection-case version: " + deployed).isGreaterThan(1);

      // 1,000 cases through A; debtors in Chicago, where the engine's 15:00 UTC is 09:00
      StringBuilder csv = new StringBuilder("accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,"
          + "principal,balance,currency,dpd\n");
      for (int i = 0; i < CASES; i++) {
        csv.append("NODES-").append(i).append(",Jane Doe,+14155550123,jane.doe@example.com,\"1 Main St\",")
            .append("America/Chicago,US,NODES,1000.00,400.00,USD,20\n");
      }
      assertThat(status(urlA, "POST", "/api/portfolios/import", csv.toString(), "text/csv")).isEqualTo(200);
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> count(jdbc,
          "select count(*) from outbound_message where template = 'payment-reminder' and status = 'SENT'") == CASES);
      assertThat(count(jdbc, "select count(*) from collection_case c join account a on a.id = c.account_id"
          + " where a.product = 'NODES' and c.process_version = " + versionFromB))
          .as("A starts new cases on the version B deployed").isEqualTo(CASES);

      // the cadence passes (A's clock, which B shares): every case gets its call task, stored by either node
      assertThat(status(urlA, "POST", "/api/dev/clock/advance", "{\"duration\":\"P6D\"}")).isEqualTo(200);
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> count(jdbc,
          "select count(*) from user_task where element_id = 'call-debtor' and state = 'OPEN'") == CASES);
      assertThat(count(jdbc, "select count(*) from user_task where element_id = 'call-debtor'"
          + " and (form_id is null or form_id <> 'call-debtor')")).as("every task has its form").isZero();
      List<UUID> tasks = jdbc.sql("select id from user_task where element_id = 'call-debtor' and state = 'OPEN'"
          + " order by created_at").query(UUID.class).list();
      JsonNode onB = JSON.readTree(send(urlB, "GET", "/api/tasks/" + tasks.getFirst(), null).body());
      assertThat(onB.path("form").toString()).as("B renders the form version deployed through A").contains(MARKER);

      // a web session signed in on A is valid on B: sessions live in PostgreSQL, no sticky sessions needed
      HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(URI.create(urlA + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=agent&password=agent")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(204);
      String cookie = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
          .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
      HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(urlB + "/api/me")).header("Cookie", cookie)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).contains("\"agent\"");

      // agents work on both nodes; B is killed in the middle and its agents move to A
      String[] nodes = {urlA, urlB};
      AtomicInteger done = new AtomicInteger();
      AtomicInteger onNodeB = new AtomicInteger();
      AtomicInteger retried = new AtomicInteger();
      ExecutorService agents = Executors.newFixedThreadPool(6);
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        UUID task = tasks.get(i);
        int preferred = i % 2;
        work.add(agents.submit(() -> {
          complete(nodes, preferred, task, done, onNodeB, retried);
          return null;
        }));
      }
      await().atMost(Duration.ofMinutes(3)).until(() -> done.get() >= CASES / 3);
      nodeB.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
      nodeB.waitFor();
      nodes[1] = urlA;
      long completingWhenKilled = count(jdbc, "select count(*) from user_task where state = 'COMPLETING'");
      for (Future<?> f : work) {
        f.get();
      }
      agents.shutdown();

      // A carries on alone: every completion reaches the engine, every case goes on to its next reminder
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> count(jdbc,
          "select count(*) from engine_command where status in ('PENDING', 'SENDING')") == 0
          && count(jdbc, "select count(*) from case_event where type = 'REMINDER_SENT'") == 2L * CASES);
      System.out.println("Two nodes: " + done.get() + " completions, " + onNodeB.get() + " of them on node B, "
          + retried.get() + " retried by the agents, " + completingWhenKilled + " completing when B was killed");

      assertThat(count(jdbc, "select count(*) from user_task where element_id = 'call-debtor' and state = 'COMPLETED'"))
          .isEqualTo(CASES);
      assertThat(onNodeB.get()).as("node B did part of the work before it died").isPositive();
      // nothing twice
      assertThat(perCase(jdbc, "select count(*) from contact_attempt x where x.case_id = c.id and x.channel = 'CALL'"))
          .containsOnly(1L);
      assertThat(perCase(jdbc, "select count(*) from case_event e where e.case_id = c.id and e.type = 'TASK_COMPLETED'"))
          .containsOnly(1L);
      assertThat(perCase(jdbc, "select count(*) from outbound_message m where m.case_id = c.id"
          + " and m.template = 'payment-reminder'")).containsOnly(2L);
      assertThat(perCase(jdbc, "select count(*) from outbound_message m where m.case_id = c.id"
          + " and m.template = 'validation-notice'")).containsOnly(1L);
      assertThat(count(jdbc, "select count(*) from outbound_message where status <> 'SENT'")).isZero();
      // nothing orphaned: every open case has a task for a person or a timer ahead
      java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
      assertThat(jdbc.sql("""
              select count(*) from collection_case c join account a on a.id = c.account_id
               where a.product = 'NODES' and c.status = 'OPEN'
                 and not exists (select 1 from user_task t where t.case_id = c.id and t.state = 'OPEN')
                 and (c.next_activity_at is null or c.next_activity_at <= :now)
              """).param("now", now).query(Long.class).single()).isZero();
      assertThat(count(jdbc, "select count(*) from engine_incident")).isZero();
    } finally {
      if (nodeB != null) {
        nodeB.destroyForcibly();
      }
      if (nodeA != null) {
        nodeA.close();
      }
    }
  }

  /** An agent completes the task on their node, and retries (on another node when theirs is gone) until done. */
  private static void complete(String[] nodes, int preferred, UUID task, AtomicInteger done, AtomicInteger onNodeB,
      AtomicInteger retried) throws InterruptedException {
    for (int attempt = 0; attempt < 400; attempt++) {
      int node = attempt == 0 ? preferred : (preferred + attempt) % 2;
      String url = nodes[node];
      try {
        HttpResponse<String> response = send(url, "POST", "/api/tasks/" + task + "/complete",
            "{\"variables\":{\"callOutcome\":\"NO_ANSWER\",\"callNotes\":\"no answer\"}}");
        if (response.statusCode() == 200 || (response.statusCode() == 409
            && response.body().contains("already completed"))) {
          done.incrementAndGet();
          if (node == 1 && !url.equals(nodes[0])) {
            onNodeB.incrementAndGet();
          }
          return;
        }
      } catch (java.io.IOException e) {
        // the node is gone (or going): the browser tries again
      }
      retried.incrementAndGet();
      Thread.sleep(250);
    }
    throw new AssertionError("task " + task + " could not be completed");
  }

  private static String[] args(Map<String, Object> properties) {
    return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  private static List<Long> perCase(JdbcClient jdbc, String count) {
    return jdbc.sql("select (" + count + ") from collection_case c join account a on a.id = c.account_id"
        + " where a.product = 'NODES'").query(Long.class).list();
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static int status(String base, String method, String path, String body) {
    return status(base, method, path, body, "application/json");
  }

  private static int status(String base, String method, String path, String body, String type) {
    try {
      return send(base, method, path, body, type).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static HttpResponse<String> send(String base, String method, String path, String body)
      throws java.io.IOException, InterruptedException {
    return send(base, method, path, body, "application/json");
  }

  private static HttpResponse<String> send(String base, String method, String path, String body, String type)
      throws java.io.IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()));
    if (body != null) {
      request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
