package io.recoverly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.support.Nodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
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
  private static final String MARKER = "Checked on two nodes";

  @Test
  void twoNodesShareTheWorkAndTheSurvivorCarriesOn() throws Exception {
    Map<String, Object> shared = Nodes.shared();
    assumeThat(shared).as("two JVMs need one PostgreSQL server").containsKey("spring.datasource.url");
    ConfigurableApplicationContext nodeA = null;
    Process nodeB = null;
    try {
      nodeA = Nodes.startA(shared);
      String urlA = Nodes.url(nodeA);
      JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
      Clock clock = nodeA.getBean(Clock.class);
      Nodes.External b = Nodes.startB(shared, "two-nodes-b.log");
      nodeB = b.process();
      String urlB = b.url();

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
      String csv = Nodes.portfolio("NODES-", "NODES", CASES);
      assertThat(status(urlA, "POST", "/api/portfolios/import", csv, "text/csv")).isEqualTo(200);
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
      // as the browser does: the first answer hands out the CSRF cookie, the sign-in echoes it
      HttpResponse<String> first = Nodes.http().send(HttpRequest.newBuilder(URI.create(urlA + "/api/me"))
          .header("X-Requested-With", "XMLHttpRequest").GET().build(), HttpResponse.BodyHandlers.ofString());
      String xsrf = cookie(first, "XSRF-TOKEN");
      HttpResponse<String> signIn = Nodes.http().send(HttpRequest.newBuilder(URI.create(urlA + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-Requested-With", "XMLHttpRequest")
          .header("Cookie", "XSRF-TOKEN=" + xsrf).header("X-XSRF-TOKEN", xsrf)
          .POST(HttpRequest.BodyPublishers.ofString("username=agent&password=agent")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(204);
      String session = "SESSION=" + cookie(signIn, "SESSION");
      HttpResponse<String> me = Nodes.http().send(HttpRequest.newBuilder(URI.create(urlB + "/api/me"))
          .header("Cookie", session).header("X-Requested-With", "XMLHttpRequest").GET().build(),
          HttpResponse.BodyHandlers.ofString());
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
          if (Nodes.completeCall(nodes, preferred, task, retried)) {
            onNodeB.incrementAndGet();
          }
          done.incrementAndGet();
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
          && count(jdbc, "select count(*) from case_event where type = 'REMINDER_SENT'") == 2L * CASES
          // a message B had claimed when it died stays SENDING until its lease (a minute) runs out; A sends it then
          && count(jdbc, "select count(*) from outbound_message where status <> 'SENT'") == 0);
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

  private static String cookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1).split(";", 2)[0]).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
  }

  private static List<Long> perCase(JdbcClient jdbc, String count) {
    return jdbc.sql("select (" + count + ") from collection_case c join account a on a.id = c.account_id"
        + " where a.product = 'NODES'").query(Long.class).list();
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static int status(String base, String method, String path, String body) {
    return Nodes.status(base, method, path, body, "application/json");
  }

  private static int status(String base, String method, String path, String body, String type) {
    return Nodes.status(base, method, path, body, type);
  }

  private static HttpResponse<String> send(String base, String method, String path, String body)
      throws java.io.IOException, InterruptedException {
    return Nodes.send(base, method, path, body, "application/json");
  }
}
