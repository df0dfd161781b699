package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.RecoverlyApplication;
import io.recoverly.support.Api;
import io.recoverly.support.Faults;
import io.recoverly.support.TestInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No user input may raise an incident (issue 17): generated submissions of the forms whose values the process
 * computes with (the call's promise, settlement and plan; the corrected balance of a dispute), completed on real tasks
 * of the running app on the real engine. Each is either refused with a 4xx naming the fields (the task stays open and
 * the engine is told nothing), or accepted, and then the process moves on: the task is completed in the engine, no
 * worker fails a job and no incident is raised. Runs on an app of its own, so that its clock moves disturb no other
 * test.
 */
class FormSubmissionPropertyTest {

  private static ConfigurableApplicationContext app;
  private static Api api;
  private static JdbcClient jdbc;
  private static Faults faults;
  private static final Deque<String> CALLS = new ArrayDeque<>();
  private static final Deque<String> REVIEWS = new ArrayDeque<>();
  private static final String BALANCE = "900.00";

  @BeforeContainer
  static void start() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("server.port", 0);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    app = new SpringApplicationBuilder(RecoverlyApplication.class, Faults.class).run(args);
    String port = app.getEnvironment().getProperty("local.server.port");
    api = new Api(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)),
        app.getBean(ObjectMapper.class));
    jdbc = app.getBean(JdbcClient.class);
    faults = app.getBean(Faults.class);
  }

  @AfterContainer
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void aCallOutcomeIsRefusedWithFieldErrorsOrTheProcessMovesOnWithoutAnIncident(
      @ForAll("calls") Map<String, Object> form) {
    submit(CALLS, this::newCallTasks, "agent", form);
  }

  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void aDisputeDecisionIsRefusedWithFieldErrorsOrTheProcessMovesOnWithoutAnIncident(
      @ForAll("reviews") Map<String, Object> form) {
    submit(REVIEWS, this::newReviewTasks, "compliance", form);
  }

  private void submit(Deque<String> pool, Runnable refill, String user, Map<String, Object> form) {
    if (pool.isEmpty()) {
      refill.run();
    }
    String task = pool.peek();
    UUID caseId = UUID.fromString(api.get("/api/tasks/" + task).path("task").path("caseId").asText());
    int failedBefore = faults.failedJobs();
    ResponseEntity<String> response = api.completeTask(task, user, form);
    int status = response.getStatusCode().value();
    net.jqwik.api.statistics.Statistics.collect(status == 200 ? "accepted: " + form.values().iterator().next()
        : "refused " + status);
    assertThat(status).as(form + " -> " + response.getBody()).isIn(200, 400, 409);
    if (status != 200) {
      JsonNode problem = api.read(response.getBody());
      if (status == 400) {
        assertThat(problem.path("errors").findValuesAsText("field")).as(response.getBody()).isNotEmpty();
      }
      assertThat(api.get("/api/tasks/" + task).path("task").path("state").asText()).isEqualTo("OPEN");
      assertThat(jdbc.sql("select count(*) from engine_command where reference = :r").param("r", "task:" + task)
          .query(Long.class).single()).isZero();
      return;
    }
    pool.pop();
    await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/api/tasks/" + task).path("task").path("state").asText().equals("COMPLETED"));
    // the workers that take the submission run at once: a failure would show within moments
    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(faults.failedJobs() - failedBefore).as("jobs failed after " + form).isZero();
    assertThat(api.count(caseId, "INCIDENT")).as("incidents after " + form).isZero();
  }

  // ---- generators ----

  @Provide
  Arbitrary<Map<String, Object>> calls() {
    Arbitrary<String> outcome = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(3, "PROMISE_TO_PAY"), net.jqwik.api.Tuple.of(2, "SETTLEMENT_REQUESTED"),
        net.jqwik.api.Tuple.of(2, "PLAN_REQUESTED"), net.jqwik.api.Tuple.of(1, "NO_ANSWER"),
        net.jqwik.api.Tuple.of(1, "RIGHT_PARTY_CONTACT"), net.jqwik.api.Tuple.of(1, "promise"));
    return Combinators.combine(outcome, amount(), date(Promises90.MAX), amount(), installments(),
            Arbitraries.of("MONTHLY", "WEEKLY", "DAILY", ""), date(60), notes())
        .as((o, promise, promiseDate, settlement, count, frequency, firstDue, notes) -> {
          Map<String, Object> form = new LinkedHashMap<>();
          form.put("callOutcome", o);
          switch (o) {
            case "PROMISE_TO_PAY" -> {
              put(form, "promiseAmount", promise);
              put(form, "promiseDate", promiseDate);
            }
            case "SETTLEMENT_REQUESTED" -> put(form, "settlementAmount", settlement);
            case "PLAN_REQUESTED" -> {
              put(form, "planInstallments", count);
              put(form, "planFrequency", frequency);
              put(form, "planFirstDueDate", firstDue);
            }
            default -> { }
          }
          put(form, "callNotes", notes);
          return form;
        });
  }

  @Provide
  Arbitrary<Map<String, Object>> reviews() {
    return Combinators.combine(Arbitraries.of("UPHELD", "ADJUSTED", "ADJUSTED", "REJECTED", "MAYBE"), amount(), notes())
        .as((decision, balance, resolution) -> {
          Map<String, Object> form = new LinkedHashMap<>();
          form.put("disputeDecision", decision);
          if (decision.equals("ADJUSTED")) {
            put(form, "adjustedBalance", balance);
          }
          form.put("disputeResolution", resolution == null ? "The records were checked." : "Checked: " + resolution);
          return form;
        });
  }

  private static void put(Map<String, Object> form, String key, Object value) {
    if (value != null) {
      form.put(key, value);
    }
  }

  /** Amounts: within the balance (valid), beyond it, zero, negative, three decimals, huge, text, wrong types. */
  private static Arbitrary<Object> amount() {
    return Arbitraries.oneOf(
        Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal(BALANCE)).ofScale(2)
            .map(Object.class::cast),
        Arbitraries.of(new BigDecimal("900.01"), new BigDecimal("1000000"), BigDecimal.ZERO, new BigDecimal("-1"),
            new BigDecimal("12.345"), new BigDecimal("999999.999"), new BigDecimal("1E+20")).map(Object.class::cast),
        Arbitraries.of("100.00", "1e20", "abc", "", " 50 ").map(Object.class::cast),
        Arbitraries.of(List.of(1), Map.of("v", 1), Boolean.TRUE).map(Object.class::cast)).injectNull(0.05);
  }

  private static Arbitrary<Object> installments() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-1, 40).map(Object.class::cast),
        Arbitraries.of(new BigDecimal("2.5"), "six", 1000000).map(Object.class::cast)).injectNull(0.05);
  }

  /** Dates relative to the debtor's today (valid within the window), beyond it, past, far, malformed. */
  private static Arbitrary<Object> date(int windowDays) {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, windowDays).map(d -> (Object) ("+" + d)),
        Arbitraries.integers().between(-400, 400).map(d -> (Object) ("+" + d)),
        Arbitraries.of("+99999-01-01", "1900-01-01", "-5000-01-01", "2026-13-45", "tomorrow", "")
            .map(Object.class::cast),
        Arbitraries.of(20261215, Boolean.FALSE).map(Object.class::cast)).injectNull(0.05)
        .map(d -> d instanceof String s && s.startsWith("+") && !s.contains("-") ? relative(Integer.parseInt(s)) : d);
  }

  private static Object relative(int days) {
    return LocalDate.ofInstant(api.engineNow(), ZoneId.of("America/Chicago")).plusDays(days).toString();
  }

  private static Arbitrary<String> notes() {
    return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(60),
        Arbitraries.of("null\u0000byte", "x".repeat(2500), "two\nlines", "\u202eevil")).injectNull(0.2);
  }

  /** The window of a promise date, in days. */
  private static final class Promises90 {
    static final int MAX = io.recoverly.negotiation.Promises.MAX_DAYS_AHEAD;
  }

  // ---- task pools ----

  private void newCallTasks() {
    List<UUID> cases = importCases("CALLS", 12);
    for (int attempt = 0; attempt < 3 && !cases.stream().allMatch(c -> openTask(c, "call-debtor") != null); attempt++) {
      api.advanceClock("P5D");
      await().atMost(Duration.ofSeconds(10)).until(() -> cases.stream().allMatch(c -> openTask(c, "call-debtor") != null)
          || true);
      try {
        await().atMost(Duration.ofSeconds(8)).until(() -> cases.stream().allMatch(c -> openTask(c, "call-debtor") != null));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // a timer created after the move: move again
      }
    }
    cases.stream().map(c -> openTask(c, "call-debtor")).filter(java.util.Objects::nonNull).forEach(CALLS::add);
    // back inside the debtors' contact hours (09:00 in Chicago) for the calls
    api.advanceToLocalTime(Api.BUSINESS_HOURS, java.time.ZoneOffset.UTC);
  }

  private void newReviewTasks() {
    for (UUID c : importCases("REVIEWS", 10)) {
      api.post("/api/cases/" + c + "/disputes", "{\"reason\":\"WRONG_AMOUNT\"}", MediaType.APPLICATION_JSON);
      REVIEWS.add(api.awaitOpenTask(c, "review-dispute").path("id").asText());
    }
  }

  private List<UUID> importCases(String product, int n) {
    String tag = Api.unique(product);
    StringBuilder csv = new StringBuilder(Api.CSV_HEADER).append('\n');
    for (int i = 0; i < n; i++) {
      csv.append(String.join(",", tag + "-" + i, "Jane Doe", "+14155550123", "jane.doe@example.com",
          "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", product, "1000.00", BALANCE, "USD", "20"))
          .append('\n');
    }
    api.post("/api/portfolios/import", csv.toString(), MediaType.parseMediaType("text/csv"));
    List<UUID> cases = new java.util.ArrayList<>();
    for (JsonNode item : api.get("/api/cases?product=" + product + "&size=500&status=OPEN").path("items")) {
      if (item.path("accountRef").asText().startsWith(tag)) {
        cases.add(UUID.fromString(item.path("id").asText()));
      }
    }
    cases.forEach(c -> api.awaitEvent(c, "REMINDER_SENT", 1));
    return cases;
  }

  private static String openTask(UUID caseId, String elementId) {
    for (JsonNode task : api.openTasks(caseId)) {
      if (task.path("elementId").asText().equals(elementId)) {
        return task.path("id").asText();
      }
    }
    return null;
  }
}
