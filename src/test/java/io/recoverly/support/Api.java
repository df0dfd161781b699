package io.recoverly.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The running app's HTTP API, as black-box tests use it. */
public final class Api {

  public static final String CSV_HEADER =
      "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,dpd";

  private final TestRestTemplate http;
  private final ObjectMapper json;

  /** The API as {@code admin} (HTTP Basic); {@link #as} for another demo user. */
  public Api(TestRestTemplate http, ObjectMapper json) {
    this.http = http.withBasicAuth(ADMIN, ADMIN);
    this.json = json;
  }

  private Api(TestRestTemplate http, ObjectMapper json, String user) {
    this.http = http.withBasicAuth(user, user);
    this.json = json;
  }

  public static final String ADMIN = "admin";

  /** The API as another demo user (password = username). */
  public Api as(String user) {
    return new Api(http, json, user);
  }

  /** The authenticated client (HTTP Basic) this API uses. */
  public TestRestTemplate http() {
    return http;
  }

  public static String unique(String tag) {
    return tag + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Imports one US account (20 DPD, gentle strategy: SMS reminder, 5-day cadence) and returns its case id. */
  public UUID importAccount(String ref, String balance) {
    return importAccount(ref, balance, 20);
  }

  /** Imports one US account with the given balance and days past due and returns its case id. */
  public UUID importAccount(String ref, String balance, int dpd) {
    String csv = CSV_HEADER + "\n" + String.join(",", ref, "Jane Doe", "+14155550123", "jane.doe@example.com",
        "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", "FLOW", "1000.00", balance, "USD",
        Integer.toString(dpd)) + "\n";
    JsonNode result = body(post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    assertThat(result.path("imported").asInt()).isEqualTo(1);
    JsonNode page = get("/api/cases?product=FLOW&size=500&status=OPEN");
    for (JsonNode item : page.path("items")) {
      if (item.path("accountRef").asText().equals(ref)) {
        return UUID.fromString(item.path("id").asText());
      }
    }
    throw new AssertionError("case for " + ref + " not listed");
  }

  public JsonNode caseView(UUID caseId) {
    return get("/api/cases/" + caseId);
  }

  public List<String> eventTypes(UUID caseId) {
    List<String> types = new ArrayList<>();
    get("/api/cases/" + caseId + "/timeline").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }

  public long count(UUID caseId, String eventType) {
    return eventTypes(caseId).stream().filter(eventType::equals).count();
  }

  public void awaitEvent(UUID caseId, String eventType, int times) {
    await().atMost(Duration.ofSeconds(30)).until(() -> count(caseId, eventType) >= times);
    if (eventType.equals("REMINDER_SENT") && times == 1) {
      awaitValidationNotice(caseId);
    }
  }

  /**
   * The first reminder of a case whose jurisdiction requires a validation notice goes out behind the notice, and no
   * call may be made before the provider accepted the notice: wait for it (the relay hands it over within a moment
   * in contact hours). A case with no notice to wait for (India, or one queued for later) returns at once.
   */
  public void awaitValidationNotice(UUID caseId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<String> types = eventTypes(caseId);
      if (types.contains("VALIDATION_NOTICE_SENT") || types.contains("VALIDATION_NOTICE_UNDELIVERABLE")) {
        return true;
      }
      // queued for later (outside the contact hours), or not required: nothing to wait for now
      return get("/api/cases/" + caseId + "/contacts").findValuesAsText("notes").stream()
          .noneMatch("validation notice"::equals)
          || get("/api/cases/" + caseId + "/contacts").findValuesAsText("outcome").contains("RESCHEDULED");
    });
  }

  /** The open task of this case at this BPMN element, waiting for it to appear. */
  public JsonNode awaitOpenTask(UUID caseId, String elementId) {
    JsonNode[] found = new JsonNode[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode task : get("/api/tasks?caseId=" + caseId).path("items")) {
        if (task.path("elementId").asText().equals(elementId)) {
          found[0] = task;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  /**
   * Moves the engine clock by {@code step} until the case's open task at this element appears. A worker records its
   * timeline event (say REMINDER_SENT) before its job completes, so a clock move right after seeing the event can come
   * before the engine has created the next timer; that timer then needs one more move.
   */
  public JsonNode advanceUntilOpenTask(UUID caseId, String elementId, String step) {
    for (int attempt = 0; attempt < 3; attempt++) {
      advanceClock(step);
      try {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(6)).until(() -> {
          found[0] = findOpenTask(caseId, elementId);
          return found[0] != null;
        });
        return found[0];
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // the timer was created after this move: move again
      }
    }
    throw new AssertionError("no open " + elementId + " task for case " + caseId + " after moving the clock 3 x " + step);
  }

  private JsonNode findOpenTask(UUID caseId, String elementId) {
    for (JsonNode task : get("/api/tasks?caseId=" + caseId).path("items")) {
      if (task.path("elementId").asText().equals(elementId)) {
        return task;
      }
    }
    return null;
  }

  public List<JsonNode> openTasks(UUID caseId) {
    List<JsonNode> tasks = new ArrayList<>();
    get("/api/tasks?caseId=" + caseId).path("items").forEach(tasks::add);
    return tasks;
  }

  /** Completes the task as the demo user {@code user}. */
  public ResponseEntity<String> completeTask(String taskId, String user, Map<String, Object> variables) {
    return as(user).post("/api/tasks/" + taskId + "/complete", toJson(Map.of("variables", variables)),
        MediaType.APPLICATION_JSON);
  }

  /** Claims the task as the demo user {@code user}. */
  public ResponseEntity<String> claimTask(String taskId, String user) {
    return as(user).post("/api/tasks/" + taskId + "/claim", "{}", MediaType.APPLICATION_JSON);
  }

  public ResponseEntity<String> pay(UUID caseId, String amount, String currency, String externalId) {
    return post("/api/payments", toJson(Map.of("caseId", caseId.toString(), "amount", amount, "currency", currency,
        "externalId", externalId)), MediaType.APPLICATION_JSON);
  }

  /** The date {@code days} from the debtors' today (the tests' debtors live in Chicago), as a form submits it. */
  public String debtorDate(int days) {
    return java.time.LocalDate.ofInstant(engineNow(), java.time.ZoneId.of("America/Chicago")).plusDays(days).toString();
  }

  /** The engine's business time. */
  public java.time.Instant engineNow() {
    return java.time.Instant.parse(get("/api/dev/clock").path("now").asText());
  }

  /**
   * Moves the engine clock to the next moment that is {@code time} in {@code zone} (contact hours depend on the
   * debtor's local time). Tests that do this move back to {@link #BUSINESS_HOURS} (15:00 UTC) when done.
   */
  public java.time.Instant advanceToLocalTime(java.time.LocalTime time, java.time.ZoneId zone) {
    java.time.ZonedDateTime now = engineNow().atZone(zone);
    java.time.ZonedDateTime target = now.with(time).withNano(0);
    if (!target.isAfter(now.plusSeconds(1))) {
      target = target.plusDays(1);
    }
    advanceClock(java.time.Duration.between(now, target).toString());
    return target.toInstant();
  }

  /** 15:00 UTC: 09:00 in Chicago, where the tests' US debtors live. */
  public static final java.time.LocalTime BUSINESS_HOURS = java.time.LocalTime.of(15, 0);

  public void advanceClock(String duration) {
    body(post("/api/dev/clock/advance", "{\"duration\":\"" + duration + "\"}", MediaType.APPLICATION_JSON),
        HttpStatus.OK);
  }

  public ResponseEntity<String> post(String path, String body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  /** A JSON PUT as this API's user. */
  public ResponseEntity<String> put(String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange(URI.create(http.getRootUri() + path), org.springframework.http.HttpMethod.PUT,
        new HttpEntity<>(body, headers), String.class);
  }

  public JsonNode get(String path) {
    return body(http.getForEntity(URI.create(http.getRootUri() + path), String.class), HttpStatus.OK);
  }

  public JsonNode body(ResponseEntity<String> response, HttpStatus expected) {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expected);
    return read(response.getBody());
  }

  public JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
