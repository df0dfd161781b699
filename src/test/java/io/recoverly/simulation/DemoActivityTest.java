package io.recoverly.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.RecoverlyApplication;
import io.recoverly.support.Api;
import io.recoverly.support.TestInfrastructure;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded demo as a newcomer runs it: the demo portfolio, then the clock moved a few times through the API. After
 * that, every figure the manager's dashboard shows as a tile is non-trivial, from work the demo agents and debtors did
 * through the ordinary services.
 */
class DemoActivityTest {

  @Test
  void theDemoShowsNumbersOnEveryTileAfterTheClockMoves() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("server.port", 0);
    properties.put("recoverly.demo.enabled", true);
    properties.put("recoverly.demo.accounts", 150);
    properties.put("recoverly.demo.activity", true);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RecoverlyApplication.class).run(args)) {
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      String port = app.getEnvironment().getProperty("local.server.port");
      Api api = new Api(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)),
          app.getBean(ObjectMapper.class));
      // a lived-in demo at once: the warm-up ran the portfolio through days of engine time before the app was ready
      long started = count(jdbc, "select count(*) from collection_case where process_instance_key is not null");
      assertThat(started).isEqualTo(150);
      assertThat(count(jdbc, "select count(*) from contact_attempt where channel = 'CALL'")).isPositive();
      assertThat(count(jdbc, "select count(*) from payment")).isPositive();
      assertThat(count(jdbc, "select count(*) from promise")).isPositive();
      assertThat(count(jdbc, "select count(*) from payment_plan")).as("a plan running").isPositive();
      JsonNode workable = api.as("agent").get("/api/tasks?actionable=true&size=5");
      System.out.println("Demo after the warm-up: open tasks per queue "
          + jdbc.sql("select element_id || ':' || count(*) from user_task where state = 'OPEN' group by element_id")
              .query(String.class).list() + ", " + workable.path("totalItems") + " workable by agent now");
      for (String element : java.util.List.of("call-debtor", "review-dispute", "approve-settlement", "assess-hardship",
          "field-visit", "approve-legal-escalation")) {
        assertThat(count(jdbc, "select count(*) from user_task where state = 'OPEN' and element_id = '" + element + "'"))
            .as("an open " + element + " task in the demo from the first start").isPositive();
      }
      LocalDate start = LocalDate.ofInstant(api.engineNow(), ZoneOffset.UTC);
      for (int i = 0; i < 4; i++) {
        api.body(api.post("/api/dev/clock/advance", "{\"duration\":\"P4D\"}", MediaType.APPLICATION_JSON),
            org.springframework.http.HttpStatus.OK);
        // the timers fire after the move; the next round of demo work starts when the timeline has gone quiet
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).during(Duration.ofMillis(1500))
            .until(() -> {
              long events = count(jdbc, "select count(*) from case_event");
              return events == last.getAndSet(events);
            });
      }
      LocalDate today = LocalDate.ofInstant(api.engineNow(), ZoneOffset.UTC);
      // the independent audit re-checks every contact of the demo's life (warm-up and moves): not one violation
      JsonNode audit = api.as("compliance").get("/api/compliance/violations?from=" + start.minusDays(60) + "&to="
          + today.plusDays(1));
      assertThat(audit.path("checked").asInt()).isPositive();
      assertThat(audit.path("violationCount").asInt()).as(audit.path("violations").toString()).isZero();
      // the dashboard's default period: the last 30 days
      JsonNode k = api.as("manager").get("/api/metrics/kpis?from=" + today.minusDays(30) + "&to=" + today.plusDays(1));
      assertThat(k.path("openCases").asLong()).isPositive();
      assertThat(k.path("recovery").findValues("collected")).anyMatch(c -> c.decimalValue().signum() > 0);
      assertThat(k.path("cure").path("entered").asLong()).isEqualTo(150);
      assertThat(k.path("cure").path("cured").asLong()).isPositive();
      long rolled = 0;
      for (JsonNode roll : k.path("rollRates")) {
        rolled += roll.path("rolled").asLong();
      }
      assertThat(rolled).isPositive();
      assertThat(k.path("promises").path("made").asLong()).isPositive();
      assertThat(k.path("promises").path("kept").asLong()).isPositive();
      assertThat(k.path("promises").path("ptpRate").isNull()).isFalse();
      assertThat(k.path("contacts").path("rightPartyContacts").asLong()).isPositive();
      assertThat(k.path("sla").path("due").asLong()).isPositive();
      assertThat(k.path("agents").findValuesAsText("agent")).contains("agent", "agent2");
      assertThat(k.path("trend").path("points").size()).isEqualTo((int) (today.toEpochDay() - today.minusDays(30)
          .toEpochDay() + 1));
      // the demo agents' calls are recorded as theirs, with a note that says they were simulated
      assertThat(count(jdbc, "select count(*) from contact_attempt where agent in ('agent', 'agent2')"
          + " and notes = '" + DemoActivity.NOTE + "'")).isPositive();
      assertThat(start).isBefore(today);
      // the demo agents have targets, so the report shows work against them
      JsonNode weekly = api.as("manager").get("/api/metrics/reports/weekly?date=" + today + "&agent=agent");
      assertThat(weekly.path("lines").get(0).path("collectedTargets").path("USD").decimalValue())
          .isEqualByComparingTo("25000");
      assertThat(weekly.path("lines").get(0).path("collectedTargets").path("INR").decimalValue())
          .isEqualByComparingTo("2000000");
      assertThat(weekly.path("lines").get(0).path("achievement").isNull()).isFalse();
    }
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}
