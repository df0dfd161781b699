package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recoverly.support.ClusterApps;
import io.recoverly.support.Faults;
import io.recoverly.support.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 * The fault test of issue 17: 500 cases on a Camunda-like engine that outlives the app (a standalone engine, as the
 * cluster would be), the app's answers from the engine dropped at random (one in five of its commands: the engine
 * executes them, the app hears UNAVAILABLE), and the app stopped in the middle of the agents' completions and replaced
 * by a second node. The agents keep working through it, retrying what failed, as people at a browser would. At the
 * end:
 * <ul>
 *   <li>every call submitted is recorded exactly once: one CALL attempt and one TASK_COMPLETED per case;</li>
 *   <li>every task is COMPLETED (none stuck COMPLETING, none lost), and the engine took every completion once: each
 *       case went on to exactly its second reminder;</li>
 *   <li>no message was queued twice: one validation notice and two reminders per case;</li>
 *   <li>no incident.</li>
 * </ul>
 */
class CompletionFaultTest {

  private static final String PASSWORD = "bootstrap-secret-42";
  private static final int CASES = 500;

  @Test
  void droppedAnswersAndAStoppedAppLoseNothingAndRepeatNothing() throws Exception {
    Map<String, Object> database = TestInfrastructure.properties();
    assumeThat(database).as("cluster mode needs an external PostgreSQL").containsKey("spring.datasource.url");
    int enginePort = TestInfrastructure.freePort();
    RocksDbZeebeEngine engine = new RocksDbZeebeEngine(enginePort, Files.createTempDirectory("completion-faults-"),
        new SimpleMeterRegistry(), false);
    engine.start();
    ConfigurableApplicationContext nodeA = null;
    ConfigurableApplicationContext nodeB = null;
    try {
      nodeA = start(database, enginePort);
      JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
      String[] base = {url(nodeA)};
      // debtors for whom it is midday now: the contact hours hold whenever the test runs
      String zone = ClusterApps.middayZone();
      StringBuilder csv = new StringBuilder("accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,"
          + "principal,balance,currency,dpd\n");
      for (int i = 0; i < CASES; i++) {
        csv.append("FAULT-").append(i).append(",Jane Doe,+14155550123,jane.doe@example.com,\"1 Main St\",")
            .append(zone).append(",US,FAULTS,1000.00,400.00,USD,20\n");
      }
      assertThat(send(base[0], "POST", "/api/portfolios/import", csv.toString(), "text/csv").statusCode())
          .isEqualTo(200);
      await().atMost(Duration.ofMinutes(3)).until(() -> count(jdbc,
          "select count(*) from case_event where type = 'VALIDATION_NOTICE_SENT'") == CASES
          && count(jdbc, "select count(*) from outbound_message where template = 'payment-reminder'"
              + " and status = 'SENT'") == CASES);

      // the cadence passes in the engine: every case gets its call task
      engine.increaseTime(Duration.ofDays(6));
      await().atMost(Duration.ofMinutes(3)).until(() -> count(jdbc,
          "select count(*) from user_task where element_id = 'call-debtor' and state = 'OPEN'") == CASES);
      List<UUID> tasks = jdbc.sql("select id from user_task where element_id = 'call-debtor' and state = 'OPEN'")
          .query(UUID.class).list();

      // from now on, one in five of the app's commands loses its answer
      nodeA.getBean(Faults.class).dropAnswersAtRandom(0.2);
      AtomicInteger done = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      ExecutorService agents = Executors.newFixedThreadPool(4);
      List<Future<?>> work = new ArrayList<>();
      for (UUID task : tasks) {
        work.add(agents.submit(() -> {
          complete(base, task, done, retries);
          return null;
        }));
      }
      // stop node A in the middle of the completions, then a second node takes over
      await().atMost(Duration.ofMinutes(2)).until(() -> done.get() >= CASES / 3);
      long completingWhenStopped = count(jdbc, "select count(*) from user_task where state = 'COMPLETING'");
      nodeA.close();
      nodeA = null;
      nodeB = start(database, enginePort);
      nodeB.getBean(Faults.class).dropAnswersAtRandom(0.2);
      base[0] = url(nodeB);
      for (Future<?> f : work) {
        f.get();
      }
      agents.shutdown();
      JdbcClient jdbcB = nodeB.getBean(JdbcClient.class);
      nodeB.getBean(Faults.class).reset();

      // the relay gets every completion through; the processes carry on to their next reminder
      await().atMost(Duration.ofMinutes(3)).until(() -> count(jdbcB,
          "select count(*) from engine_command where status in ('PENDING', 'SENDING')") == 0
          && count(jdbcB, "select count(*) from user_task where state in ('COMPLETING', 'OPEN')"
              + " and element_id = 'call-debtor'") == 0);
      await().atMost(Duration.ofMinutes(3)).until(() -> count(jdbcB, "select count(*) from case_event"
          + " where type = 'REMINDER_SENT'") == 2L * CASES);

      System.out.println("Completion faults: " + done.get() + " completions, " + retries.get() + " retried by the"
          + " agents, " + completingWhenStopped + " completing when node A stopped, "
          + count(jdbcB, "select count(*) from engine_command where attempts > 1") + " engine commands sent again");
      assertThat(count(jdbcB, "select count(*) from user_task where element_id = 'call-debtor' and state = 'COMPLETED'"))
          .isEqualTo(CASES);
      // exactly once, per case
      assertThat(perCase(jdbcB, "select count(*) from contact_attempt a where a.case_id = c.id and a.channel = 'CALL'"))
          .containsOnly(1L);
      assertThat(perCase(jdbcB, "select count(*) from case_event e where e.case_id = c.id and e.type = 'TASK_COMPLETED'"))
          .containsOnly(1L);
      assertThat(perCase(jdbcB, "select count(*) from case_event e where e.case_id = c.id and e.type = 'REMINDER_SENT'"))
          .containsOnly(2L);
      assertThat(perCase(jdbcB, "select count(*) from outbound_message m where m.case_id = c.id"
          + " and m.template = 'payment-reminder'")).containsOnly(2L);
      assertThat(perCase(jdbcB, "select count(*) from outbound_message m where m.case_id = c.id"
          + " and m.template = 'validation-notice'")).containsOnly(1L);
      assertThat(count(jdbcB, "select count(*) from case_event where type = 'INCIDENT'")).isZero();
      assertThat(count(jdbcB, "select count(*) from engine_command where status = 'FAILED'")).isZero();
      assertThat(retries.get() + completingWhenStopped).as("the faults happened").isPositive();
    } finally {
      if (nodeA != null) {
        nodeA.close();
      }
      if (nodeB != null) {
        nodeB.close();
      }
      engine.stop();
    }
  }

  /** An agent completes the task, and retries through failures until the app says it is done. */
  private static void complete(String[] base, UUID task, AtomicInteger done, AtomicInteger retries)
      throws InterruptedException {
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        HttpResponse<String> response = send(base[0], "POST", "/api/tasks/" + task + "/complete",
            "{\"variables\":{\"callOutcome\":\"NO_ANSWER\",\"callNotes\":\"no answer\"}}", "application/json");
        if (response.statusCode() == 200 || (response.statusCode() == 409
            && response.body().contains("already completed"))) {
          done.incrementAndGet();
          return;
        }
      } catch (java.io.IOException e) {
        // the node is gone: the agent's browser tries again in a moment
      }
      retries.incrementAndGet();
      Thread.sleep(250);
    }
    throw new AssertionError("task " + task + " could not be completed");
  }

  private static List<Long> perCase(JdbcClient jdbc, String count) {
    return jdbc.sql("select (" + count + ") from collection_case c where c.id in (select c2.id from collection_case c2"
        + " join account a on a.id = c2.account_id where a.product = 'FAULTS')").query(Long.class).list();
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static HttpResponse<String> send(String base, String method, String path, String body, String type)
      throws java.io.IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()))
        .header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String url(ConfigurableApplicationContext app) {
    return ClusterApps.url(app);
  }

  private static ConfigurableApplicationContext start(Map<String, Object> database, int enginePort) {
    return ClusterApps.start(database, enginePort, PASSWORD, Map.of("recoverly.launcher.batch-size", "100"),
        Faults.class);
  }
}
