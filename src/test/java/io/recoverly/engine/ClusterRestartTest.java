package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recoverly.support.TestInfrastructure;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestTemplate;

/**
 * Cluster-like conditions: the engine keeps running (here a standalone embedded engine stands in for the Camunda
 * cluster) while the application is stopped and started again, as a rolling deployment would. Work that came due
 * while no app node was up is done by the next one, once: the cadence timer fired with no worker running, and the new
 * node checks the call, puts the call task in the inbox, and takes the payment that closes the case. Also the way
 * into cluster mode: the bootstrap administrator.
 */
class ClusterRestartTest {

  private static final String PASSWORD = "bootstrap-secret-42";

  @Test
  void workThatCameDueWhileTheAppWasDownIsDoneOnceByTheNextApp() throws Exception {
    // the tests' settings (no demo portfolio, no demo activity, no relay) on one database for both app starts
    Map<String, Object> database = TestInfrastructure.properties();
    assumeThat(database).as("cluster mode needs an external PostgreSQL").containsKey("spring.datasource.url");
    int port = TestInfrastructure.freePort();
    RocksDbZeebeEngine engine = new RocksDbZeebeEngine(port, Files.createTempDirectory("cluster-restart-"),
        new SimpleMeterRegistry(), false);
    engine.start();
    try {
      UUID caseId;
      try (ConfigurableApplicationContext first = start(database, port)) {
        RestTemplate api = api(first);
        // a debtor for whom it is midday now: contact hours hold whenever the test runs
        String zone = io.recoverly.support.ClusterApps.middayZone();
        String csv = "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,"
            + "currency,dpd\nCLUSTER-1,Jane Doe,+14155550123,jane.doe@example.com,\"1 Main St\"," + zone
            + ",US,CREDIT_CARD,1000.00,400.00,USD,20\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        api.postForEntity("/api/portfolios/import", new HttpEntity<>(csv, headers), String.class);
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        caseId = jdbc.sql("select c.id from collection_case c join account a on a.id = c.account_id"
            + " where a.account_ref = 'CLUSTER-1'").query(UUID.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, caseId, "REMINDER_SENT") == 1);
        // the validation notice is sent before the app goes: no call may be made before it
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, caseId, "VALIDATION_NOTICE_SENT") == 1);
      }

      // no app node is up: the cadence timer fires in the engine, and the contact check's job waits for a worker
      engine.increaseTime(Duration.ofDays(6));

      try (ConfigurableApplicationContext second = start(database, port)) {
        RestTemplate api = api(second);
        JdbcClient jdbc = second.getBean(JdbcClient.class);
        ObjectMapper json = second.getBean(ObjectMapper.class);
        JsonNode[] call = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          call[0] = json.readTree(api.getForObject("/api/tasks?caseId=" + caseId + "&elementId=call-debtor",
              String.class)).path("items").path(0);
          return !call[0].isMissingNode();
        });
        String taskId = call[0].path("id").asText();
        api.postForEntity("/api/tasks/" + taskId + "/claim", null, String.class);
        assertThat(api.postForEntity("/api/tasks/" + taskId + "/complete", new HttpEntity<>(
            "{\"variables\":{\"callOutcome\":\"RIGHT_PARTY_CONTACT\"}}", jsonHeaders()), String.class)
            .getStatusCode().value()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, caseId, "REMINDER_SENT") == 2);
        assertThat(api.postForEntity("/api/payments", new HttpEntity<>("{\"caseId\":\"" + caseId
            + "\",\"amount\":400.00,\"currency\":\"USD\",\"externalId\":\"cluster-1\"}", jsonHeaders()), String.class)
            .getStatusCode().value()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, caseId, "CASE_CLOSED") == 1);
        // everything once: one process instance, one call task, one attempt per contact, no incident
        assertThat(count(jdbc, caseId, "PROCESS_STARTED")).isEqualTo(1);
        assertThat(count(jdbc, caseId, "INCIDENT")).isZero();
        assertThat(jdbc.sql("select count(*) from user_task where case_id = :id and element_id = 'call-debtor'")
            .param("id", caseId).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from contact_attempt where case_id = :id and channel = 'CALL'")
            .param("id", caseId).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select status, outcome from collection_case where id = :id").param("id", caseId)
            .query().singleRow()).containsEntry("status", "CLOSED").containsEntry("outcome", "PAID_IN_FULL");
      }
    } finally {
      engine.stop();
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> database, int enginePort) {
    return io.recoverly.support.ClusterApps.start(database, enginePort, PASSWORD, Map.of());
  }

  private static RestTemplate api(ConfigurableApplicationContext app) {
    return new RestTemplateBuilder().rootUri("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
        .basicAuthentication("admin", PASSWORD).build();
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static long count(JdbcClient jdbc, UUID caseId, String type) {
    return jdbc.sql("select count(*) from case_event where case_id = :id and type = :type").param("id", caseId)
        .param("type", type).query(Long.class).single();
  }
}
