package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.RecoverlyApplication;
import io.recoverly.support.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Restart semantics of the embedded mode: the engine starts empty, the database keeps the cases. Open cases are
 * re-opened into fresh instances at their recorded stage; closed cases stay closed; the demo portfolio is generated
 * on the first start only.
 */
class RestartTest {

  @Test
  void openCasesAreReopenedAtTheirStageAfterARestart() {
    Map<String, Object> database = TestInfrastructure.freshDatabase();
    UUID closedCase;
    List<UUID> openCases;
    try (ConfigurableApplicationContext first = start(database)) {
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      // first start on an empty database: the demo portfolio is generated and every case reaches the contact stage
      await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
          "select count(*) from collection_case where stage = 'CONTACT' and process_instance_key is not null") == 20);
      assertThat(count(jdbc, "select count(*) from collection_case")).isEqualTo(20);
      List<UUID> all = jdbc.sql("select id from collection_case order by id").query(UUID.class).list();
      closedCase = all.getFirst();
      openCases = all.subList(1, all.size());
      first.getBean(CaseLifecycle.class).close(closedCase, "SETTLED", null);
      // move business time 30 days ahead through the API: it must survive the restart
      int port = ((org.springframework.boot.web.context.WebServerApplicationContext) first).getWebServer().getPort();
      new org.springframework.boot.web.client.RestTemplateBuilder().basicAuthentication("admin", "admin").build()
          .postForEntity("http://localhost:" + port
          + "/api/dev/clock/advance", java.util.Map.of("duration", "P30D"), String.class);
    }

    try (ConfigurableApplicationContext second = start(database)) {
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      // the engine clock carries on where it was, not at real time
      assertThat(second.getBean(io.recoverly.engine.Engine.class).now())
          .isAfter(java.time.Instant.now().plus(Duration.ofDays(29)));
      await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
          "select count(*) from case_event where type = 'PROCESS_RESUMED'") == openCases.size());
      // no second demo portfolio
      assertThat(count(jdbc, "select count(*) from collection_case")).isEqualTo(20);
      for (UUID id : openCases) {
        List<String> types = jdbc.sql("select type from case_event where case_id = :id order by occurred_at, id")
            .param("id", id).query(String.class).list();
        assertThat(types).containsSubsequence(
            "CASE_OPENED", "PROCESS_STARTED", "STAGE_ENTERED", "PROCESS_LOST", "PROCESS_RESUMED");
      }
      // each open case entered the contact stage twice (before and after the restart), the closed one once
      await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
          "select count(*) from case_event where type = 'STAGE_ENTERED'") == 2L * openCases.size() + 1);
      var closed = jdbc.sql("select status, process_instance_key from collection_case where id = :id")
          .param("id", closedCase).query().singleRow();
      assertThat(closed.get("status")).isEqualTo("CLOSED");
      assertThat(count(jdbc, "select count(*) from case_event where type = 'PROCESS_LOST' and case_id = '"
          + closedCase + "'")).isZero();
      assertThat(count(jdbc, "select count(*) from collection_case where status = 'OPEN'"
          + " and (process_instance_key is null or stage <> 'CONTACT')")).isZero();
    }
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static ConfigurableApplicationContext start(Map<String, Object> database) {
    Map<String, Object> properties = new HashMap<>(database);
    properties.put("server.port", 0);
    properties.put("recoverly.engine.port", TestInfrastructure.freePort());
    properties.put("recoverly.demo.enabled", true);
    properties.put("recoverly.demo.activity", false); // the portfolio only: no simulated calls and payments
    properties.put("recoverly.demo.accounts", 20);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return new SpringApplicationBuilder(RecoverlyApplication.class).run(args);
  }
}
