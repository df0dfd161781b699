package io.recoverly.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Walks every operation of the app's own OpenAPI document ({@code /v3/api-docs}) with hostile values, as every role
 * and anonymously, and asserts what the issue asks of every bad input: never a 5xx, always an
 * {@code application/problem+json} answer for a refusal, and nothing written.
 *
 * <p>The hostile values: control characters (NUL, ESC), CR/LF, a lone surrogate, 1e309, -0, far dates (-5000-01-01,
 * +99999-12-31), an array holding a null, a 10,000-character string, and wrong types (an object, a number, a
 * boolean where the schema wants something else). Each operation is called twice per value and user: once with the
 * value in every path, query and body field; once with its path pointing at real records (a case, a task, a user,
 * a model) so that the value reaches the body and query validation. A body field that is an object (the task form's
 * variables) gets the value in a form field. Refusals (4xx) must be problem details. Reads (GET) may answer 2xx; no
 * write may: the row counts of the tables the API writes are the same after the run as before.
 */
class ApiFuzzTest extends ApiTestSupport {

  private static final List<String> USERS = List.of("", "agent", "field-agent", "supervisor", "compliance", "manager",
      "admin");
  private static final List<String> TABLES = List.of("debtor", "account", "collection_case", "portfolio_import",
      "payment", "dispute", "contact_opt_out", "agent_target", "model_version", "model_draft", "call_script",
      "contact_policy", "app_user", "model_migration", "legal_placement", "account_credit", "engine_command",
      "login_throttle", "validation_notice");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @LocalServerPort int port;

  /**
   * A hostile value, as JSON and as it is put in a path or a query parameter. Text that is only hostile in some places
   * (a far date where a date is expected, CR/LF in a one-line value) carries a NUL in the other places, where it
   * would be legitimate text: every field of every request is hostile.
   */
  record Hostile(String name, JsonNode json, String text) {
    boolean dateOnly() {
      return name.startsWith("-5000") || name.startsWith("+99999");
    }

    /** The value for a body field of this schema. */
    JsonNode forField(JsonNode schema) {
      boolean date = schema.path("format").asText().startsWith("date");
      if ((dateOnly() && !date) || name.equals("CR/LF")) {
        return NODES.textNode(text + "\u0000");
      }
      return json;
    }
  }

  static List<Hostile> hostileValues() {
    List<Hostile> values = new ArrayList<>();
    values.add(new Hostile("NUL", NODES.textNode("a\u0000b"), "a\u0000b"));
    values.add(new Hostile("ESC", NODES.textNode("\u001b[31mred"), "\u001b[31mred"));
    values.add(new Hostile("CR/LF", NODES.textNode("ok\r\n2026-12-02 ERROR forged"), "ok\r\n2026-12-02 ERROR forged"));
    // a lone surrogate travels only as a JSON escape (UTF-8 cannot carry it): elsewhere the value is a NUL
    values.add(new Hostile("lone surrogate", NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(
        "\"x\\ud800y\"")), "x\u0000y"));
    values.add(new Hostile("1e309", NODES.numberNode(new java.math.BigDecimal("1e309")), "1e309"));
    values.add(new Hostile("-0", NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue("-0")), "-0"));
    values.add(new Hostile("-5000-01-01", NODES.textNode("-5000-01-01"), "-5000-01-01"));
    values.add(new Hostile("+99999-12-31", NODES.textNode("+99999-12-31"), "+99999-12-31"));
    ArrayNode nullInArray = NODES.arrayNode();
    nullInArray.addNull();
    values.add(new Hostile("[null]", nullInArray, "null"));
    values.add(new Hostile("10,000 characters", NODES.textNode("x".repeat(10_000)), "x".repeat(10_000)));
    ObjectNode object = NODES.objectNode();
    object.put("$where", "1 == 1");
    values.add(new Hostile("an object", object, "{}"));
    values.add(new Hostile("a boolean", NODES.booleanNode(true), "true"));
    return values;
  }

  /** One operation of the API document. */
  record Operation(String method, String path, List<String> pathParams, List<String> queryParams, JsonNode body,
      String bodyType) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @Test
  void everyOperationRefusesHostileInputWithAProblemAndWritesNothing() throws Exception {
    Map<String, String> real = fixture();
    JsonNode docs = api.read(http.getForEntity("/v3/api-docs", String.class).getBody());
    List<Operation> operations = operations(docs);
    assertThat(operations).as("the API document lists the operations").hasSizeGreaterThan(40);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, Long> before = counts();
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger reconnects = new AtomicInteger();

    List<java.util.concurrent.Callable<Void>> calls = new ArrayList<>();
    for (Operation op : operations) {
      for (Hostile value : hostileValues()) {
        for (String user : USERS) {
          for (boolean realPath : new boolean[] {false, true}) {
            if (realPath && op.pathParams().isEmpty()) {
              continue;
            }
            if (realPath && op.queryParams().isEmpty() && op.body() == null && !op.bodyType().startsWith("multipart")) {
              continue; // nothing hostile would be left in the request
            }
            calls.add(() -> {
              HttpRequest request = request(op, value, user, realPath ? real : Map.of());
              String who = op + " with " + value.name() + " as " + (user.isEmpty() ? "anonymous" : user)
                  + (realPath ? " (real path)" : "");
              HttpResponse<String> response;
              try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
              } catch (java.io.IOException reused) {
                reconnects.incrementAndGet();
                // a pooled connection the server had just closed (after an answer with Connection: close): once
                // more on a connection of its own; no answer then is a finding
                try {
                  response = HttpClient.newHttpClient().send(request(op, value, user, realPath ? real : Map.of()),
                      HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                  synchronized (failures) {
                    failures.add("no answer: " + who + ": " + e);
                  }
                  return null;
                }
              }
              requests.incrementAndGet();
              String where = who + ": " + response.statusCode() + " " + abbreviate(response.body());
              synchronized (failures) {
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                  failures.add("5xx: " + where);
                } else if (response.statusCode() >= 400 && !response.headers().firstValue("Content-Type").orElse("")
                    .startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
                  failures.add("not a problem detail: " + where);
                } else if (response.statusCode() < 300 && !op.method().equals("GET")) {
                  failures.add("a write accepted: " + where);
                }
              }
              return null;
            });
          }
        }
      }
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (var done : pool.invokeAll(calls)) {
        done.get();
      }
    }
    System.out.println("API fuzz: " + operations.size() + " operations, " + requests.get() + " requests, statuses "
        + statuses + ", " + reconnects.get() + " sent again on a new connection");
    assertThat(failures).as(failures.size() + " of " + requests.get() + " requests").isEmpty();
    assertThat(counts()).as("nothing written").isEqualTo(before);
  }

  /** Real records for the second call of each operation: a case, a task of it, users, a model. */
  private Map<String, String> fixture() {
    UUID caseId = api.importAccount(Api.unique("FUZZ") + "-1", "900.00");
    api.body(api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"NOT_MY_DEBT\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    String task = api.awaitOpenTask(caseId, "review-dispute").path("id").asText();
    Map<String, String> real = new LinkedHashMap<>();
    real.put("/api/cases/{id}", caseId.toString());
    real.put("/api/tasks/{id}", task);
    real.put("username", "agent2");
    real.put("agent", "agent");
    real.put("period", "WEEKLY");
    real.put("jurisdiction", "US");
    real.put("stage", "CONTACT");
    real.put("modelId", "collection-case");
    real.put("version", "1");
    real.put("resourceName", "collection-case.bpmn");
    real.put("channel", "SMS");
    real.put("kind", "daily");
    return real;
  }

  private List<Operation> operations(JsonNode docs) {
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
      var path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
        var method = methods.next();
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode parameter : method.getValue().path("parameters")) {
          (parameter.path("in").asText().equals("path") ? pathParams : queryParams).add(parameter.path("name").asText());
        }
        JsonNode content = method.getValue().path("requestBody").path("content");
        String type = content.fieldNames().hasNext() ? content.fieldNames().next() : "";
        JsonNode schema = type.isEmpty() ? null : resolve(docs, content.path(type).path("schema"));
        operations.add(new Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), pathParams,
            queryParams, schema, type));
      }
    }
    return operations;
  }

  private static JsonNode resolve(JsonNode docs, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty() ? schema : docs.at(ref.substring(1));
  }

  private HttpRequest request(Operation op, Hostile value, String user, Map<String, String> real) {
    String path = op.path();
    Matcher params = Pattern.compile("\\{([^}]+)}").matcher(path);
    StringBuilder url = new StringBuilder();
    while (params.find()) {
      String name = params.group(1);
      String prefix = path.substring(0, params.start());
      String realValue = real.getOrDefault(prefix + "{" + name + "}", real.get(name));
      params.appendReplacement(url, Matcher.quoteReplacement(encode(realValue != null ? realValue : value.text())));
    }
    params.appendTail(url);
    StringBuilder query = new StringBuilder();
    for (String name : op.queryParams()) {
      query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(encode(value.text()));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + url + query))
        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json, application/problem+json");
    if (!user.isEmpty()) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()));
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (op.bodyType().startsWith("multipart")) {
      String boundary = "fuzz" + UUID.randomUUID();
      request.header("Content-Type", "multipart/form-data; boundary=" + boundary);
      body = HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
          + " filename*=UTF-8''" + encode(value.text()) + ".csv\r\nContent-Type: text/csv\r\n\r\n" + Api.CSV_HEADER
          .replace(",dpd", ",dueDate") + "\n" + csvRow(value) + "\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8);
    } else if (op.body() != null || op.bodyType().contains("json")) {
      request.header("Content-Type", MediaType.APPLICATION_JSON_VALUE);
      body = HttpRequest.BodyPublishers.ofString(bodyOf(op.body(), value).toString(), StandardCharsets.UTF_8);
    } else if (op.bodyType().contains("csv")) {
      request.header("Content-Type", "text/csv");
      body = HttpRequest.BodyPublishers.ofString(Api.CSV_HEADER.replace(",dpd", ",dueDate") + "\n" + csvRow(value)
          + "\n", StandardCharsets.UTF_8);
    }
    return request.method(op.method(), body).build();
  }

  /** Every property of the body's schema holds the hostile value; an object property gets it in a field of its own. */
  private JsonNode bodyOf(JsonNode schema, Hostile value) {
    ObjectNode body = NODES.objectNode();
    JsonNode properties = schema == null ? NODES.missingNode() : schema.path("properties");
    if (properties.isMissingNode() || properties.isEmpty()) {
      body.set("value", value.forField(NODES.objectNode()));
      return body;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
      var field = fields.next();
      if (field.getValue().path("type").asText().equals("object")
          || field.getValue().has("additionalProperties")) {
        ObjectNode inner = NODES.objectNode();
        // a form's fields: what the call form collects, hostile
        for (String key : List.of("callOutcome", "callNotes", "promiseAmount", "disputeDecision", "adjustedBalance",
            "disputeResolution")) {
          inner.set(key, value.forField(NODES.objectNode()));
        }
        inner.set("promiseDate", value.forField(NODES.objectNode().put("format", "date")));
        body.set(field.getKey(), inner);
      } else if (field.getValue().path("type").asText().equals("array")) {
        ArrayNode array = NODES.arrayNode();
        array.add(value.forField(field.getValue().path("items")));
        body.set(field.getKey(), value.name().equals("[null]") ? value.json() : array);
      } else {
        body.set(field.getKey(), value.forField(field.getValue()));
      }
    }
    return body;
  }

  /**
   * A portfolio row whose one hostile cell is where the value is hostile (the name for text, the balance for numbers
   * and wrong types, the due date for far dates) and whose other cells are valid: the row must be refused for that
   * cell alone, and a file with nothing importable writes nothing.
   */
  private static String csvRow(Hostile value) {
    boolean number = List.of("1e309", "-0", "a boolean", "an object", "[null]").contains(value.name());
    boolean text = !value.dateOnly() && !number;
    String name = text ? csvCell(value.name().equals("CR/LF") ? value.text() + "\u0000" : value.text()) : "Jane Doe";
    String balance = number ? csvCell(value.text()) : "100.00";
    String due = value.dateOnly() ? value.text() : "2026-11-01";
    return String.join(",", "FUZZ-" + UUID.randomUUID(), name, "+14155550123", "j@example.com", "\"1 Main St\"",
        "America/Chicago", "US", "FUZZ", "1000.00", balance, "USD", due);
  }

  private static String csvCell(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    TABLES.forEach(t -> counts.put(t, jdbc.sql("select count(*) from " + t).query(Long.class).single()));
    return counts;
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
