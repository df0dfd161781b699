package io.recoverly.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Malformed and hostile input across the API: each request gets a clear 4xx problem detail
 * (application/problem+json with title and detail), is logged exactly once, and writes nothing (the tables only the
 * API writes keep their row counts, and the injection strings did not reach the database).
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends ApiTestSupport {

  /** Tables written only through the API: a rejected request must leave them as they were. */
  private static final List<String> TABLES = List.of("debtor", "account", "collection_case", "portfolio_import",
      "payment", "dispute", "contact_opt_out", "agent_target", "engine_command", "model_version", "model_draft", "call_script",
      "contact_policy", "app_user", "model_migration", "legal_placement");

  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  private static final String CSV = "text/csv";
  private static String caseId;

  /** One bad request: who sends it, what, and the status it must get. */
  record Bad(String name, String user, HttpMethod method, String path, String contentType, String body, int status) {

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeEach
  void oneCase() {
    if (caseId == null) {
      String csv = Api.CSV_HEADER + "\nBAD-INPUT-1,Jane Doe,+14155550123,jane.doe@example.com,\"1 Main St\","
          + "America/Chicago,US,BAD_INPUT,5000.00,1000.00,USD,20\n";
      api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType(CSV)), HttpStatus.OK);
      caseId = api.get("/api/cases?product=BAD_INPUT").path("items").get(0).path("id").asText();
    }
  }

  static Stream<Bad> badInputs() {
    String c = "/api/cases/{case}";
    String pay = "/api/payments";
    String unknown = UUID.randomUUID().toString();
    String huge = "x".repeat(300_000);
    String injection = "'); drop table payment; --";
    String script = "<script>alert(1)</script>";
    String policy = "{\"name\":\"US\",\"contactFrom\":\"%s\",\"contactUntil\":\"%s\",\"hoursChannels\":[\"CALL\"],"
        + "\"maxCalls\":7,\"callWindowDays\":7,\"conversationCooldownDays\":7,\"validationPeriodDays\":30}";
    return Stream.of(
        // payments: types, amounts, ids, dates, media types
        new Bad("payment amount is text", "admin", HttpMethod.POST, pay, JSON,
            payment("\"abc\"", "USD", "bad-1"), 400),
        new Bad("negative payment", "admin", HttpMethod.POST, pay, JSON, payment("-10", "USD", "bad-2"), 400),
        new Bad("zero payment", "admin", HttpMethod.POST, pay, JSON, payment("0", "USD", "bad-3"), 400),
        new Bad("payment amount overflows numeric(19,2)", "admin", HttpMethod.POST, pay, JSON,
            payment("1e30", "USD", "bad-4"), 400),
        new Bad("payment with fractions of a cent", "admin", HttpMethod.POST, pay, JSON,
            payment("10.001", "USD", "bad-5"), 400),
        new Bad("payment in an unknown currency", "admin", HttpMethod.POST, pay, JSON,
            payment("10", "XYZ", "bad-6"), 400),
        new Bad("payment without external id", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"{case}\",\"amount\":10,\"currency\":\"USD\"}", 400),
        new Bad("payment external id of 300,000 characters", "admin", HttpMethod.POST, pay, JSON,
            payment("10", "USD", huge), 400),
        new Bad("payment external id with SQL", "admin", HttpMethod.POST, pay, JSON,
            payment("10", "USD", injection), 400),
        new Bad("payment date that does not exist", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"{case}\",\"amount\":10,\"currency\":\"USD\",\"externalId\":\"bad-7\","
                + "\"paidAt\":\"2026-13-45T00:00:00Z\"}", 400),
        new Bad("payment for an unknown case", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"" + unknown + "\",\"amount\":10,\"currency\":\"USD\",\"externalId\":\"bad-8\"}", 404),
        new Bad("payment case id that is not a UUID", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"1 or 1=1\",\"amount\":10,\"currency\":\"USD\",\"externalId\":\"bad-9\"}", 400),
        new Bad("payment body is not JSON", "admin", HttpMethod.POST, pay, JSON, "{\"amount\": 10,", 400),
        new Bad("payment body is a JSON array", "admin", HttpMethod.POST, pay, JSON, "[1,2,3]", 400),
        new Bad("payment sent as text/plain", "admin", HttpMethod.POST, pay, "text/plain", "amount=10", 415),
        // cases
        new Bad("case id that is not a UUID", "admin", HttpMethod.GET, "/api/cases/not-a-uuid", null, null, 400),
        new Bad("unknown case", "admin", HttpMethod.GET, "/api/cases/" + unknown, null, null, 404),
        new Bad("cases page size 1,000,000", "admin", HttpMethod.GET, "/api/cases?size=1000000", null, null, 400),
        new Bad("cases in an unknown stage", "admin", HttpMethod.GET, "/api/cases?stage=" + script, null, null, 400),
        // disputes, opt-outs, cease
        new Bad("dispute reason with SQL", "admin", HttpMethod.POST, c + "/disputes", JSON,
            "{\"reason\":\"" + injection + "\"}", 400),
        new Bad("dispute details of 300,000 characters", "admin", HttpMethod.POST, c + "/disputes", JSON,
            "{\"reason\":\"NOT_MY_DEBT\",\"details\":\"" + huge + "\"}", 400),
        new Bad("dispute on an unknown case", "admin", HttpMethod.POST, "/api/cases/" + unknown + "/disputes", JSON,
            "{\"reason\":\"NOT_MY_DEBT\"}", 404),
        new Bad("opt-out of a channel that is HTML", "admin", HttpMethod.POST, c + "/opt-outs", JSON,
            "{\"channel\":\"" + script + "\"}", 400),
        // portfolio import
        new Bad("import that is not JSON", "admin", HttpMethod.POST, "/api/portfolios/import", JSON, "{\"rows\":", 400),
        new Bad("import CSV without a header", "admin", HttpMethod.POST, "/api/portfolios/import", CSV,
            "just,some,values\n", 400),
        new Bad("import sent as XML", "admin", HttpMethod.POST, "/api/portfolios/import", "application/xml",
            "<accounts/>", 415),
        // engine clock
        new Bad("clock moved backwards", "admin", HttpMethod.POST, "/api/dev/clock/advance", JSON,
            "{\"duration\":\"-P1D\"}", 400),
        new Bad("clock moved by months", "admin", HttpMethod.POST, "/api/dev/clock/advance", JSON,
            "{\"duration\":\"P1M\"}", 400),
        new Bad("clock duration is a script", "admin", HttpMethod.POST, "/api/dev/clock/advance", JSON,
            "{\"duration\":\"" + script + "\"}", 400),
        new Bad("clock duration is a number", "admin", HttpMethod.POST, "/api/dev/clock/advance", JSON,
            "{\"duration\":5}", 400),
        // contact rules
        new Bad("contact hours at 25:00", "compliance", HttpMethod.PUT, "/api/compliance/policies/US", JSON,
            policy.formatted("08:00", "25:00"), 400),
        new Bad("contact hours ending before they start", "compliance", HttpMethod.PUT,
            "/api/compliance/policies/US", JSON, policy.formatted("21:00", "08:00"), 400),
        new Bad("contact rules for a jurisdiction with SQL", "compliance", HttpMethod.PUT,
            "/api/compliance/policies/" + "US';drop table contact_policy;--", JSON, policy.formatted("08:00", "21:00"),
            400),
        // tasks
        new Bad("complete an unknown task", "admin", HttpMethod.POST, "/api/tasks/" + unknown + "/complete", JSON,
            "{\"variables\":{}}", 404),
        new Bad("task variables that are not an object", "admin", HttpMethod.POST,
            "/api/tasks/" + unknown + "/complete", JSON, "{\"variables\":\"x\"}", 400),
        new Bad("tasks sorted by a SQL fragment", "admin", HttpMethod.GET, "/api/tasks?sort=1;drop%20table%20user_task",
            null, null, 400),
        new Bad("tasks page size 0", "admin", HttpMethod.GET, "/api/tasks?size=0", null, null, 400),
        // metrics
        new Bad("KPIs for a date that does not exist", "manager", HttpMethod.GET,
            "/api/metrics/kpis?from=2026-02-30&to=2026-03-01", null, null, 400),
        new Bad("KPIs for a team that is HTML", "manager", HttpMethod.GET,
            "/api/metrics/kpis?from=2026-01-01&to=2026-02-01&team=%3Cscript%3E", null, null, 400),
        new Bad("KPIs for model version abc", "manager", HttpMethod.GET,
            "/api/metrics/kpis?from=2026-01-01&to=2026-02-01&modelVersion=abc", null, null, 400),
        new Bad("target with negative tasks", "manager", HttpMethod.PUT, "/api/metrics/targets/agent/WEEKLY", JSON,
            "{\"tasks\":-1,\"contacts\":1,\"promises\":1}", 400),
        new Bad("target amount that overflows", "manager", HttpMethod.PUT, "/api/metrics/targets/agent/WEEKLY", JSON,
            "{\"tasks\":1,\"contacts\":1,\"promises\":1,\"collected\":1e30,\"currency\":\"USD\"}", 400),
        new Bad("target for a yearly period", "manager", HttpMethod.PUT, "/api/metrics/targets/agent/YEARLY", JSON,
            "{\"tasks\":1,\"contacts\":1,\"promises\":1}", 400),
        new Bad("target count beyond an integer", "manager", HttpMethod.PUT, "/api/metrics/targets/agent/WEEKLY", JSON,
            "{\"tasks\":99999999999,\"contacts\":1,\"promises\":1}", 400),
        // models
        new Bad("deploy a BPMN that is not XML", "compliance", HttpMethod.POST, "/api/models/deploy", JSON,
            "{\"resourceName\":\"collection-case.bpmn\",\"content\":\"not xml\",\"changeNote\":\"a broken model\"}",
            400),
        new Bad("deploy without a change note", "compliance", HttpMethod.POST, "/api/models/deploy", JSON,
            "{\"resourceName\":\"collection-case.bpmn\",\"content\":\"<x/>\",\"changeNote\":\"\"}", 400),
        new Bad("deploy a resource name with a path", "compliance", HttpMethod.POST, "/api/models/deploy", JSON,
            "{\"resourceName\":\"../../etc/passwd\",\"content\":\"<x/>\",\"changeNote\":\"path traversal\"}", 400),
        // users
        new Bad("a role that does not exist", "admin", HttpMethod.PUT, "/api/users/agent/roles", JSON,
            "{\"roles\":[\"GOD\"],\"groups\":[]}", 400),
        // issue 17, finding 11: what used to answer 500 (NUL, 1e309, far dates, nulls in arrays)
        new Bad("call notes with a NUL character", "agent", HttpMethod.POST, "/api/tasks/" + unknown + "/complete",
            JSON, "{\"variables\":{\"callOutcome\":\"NO_ANSWER\",\"callNotes\":\"a\\u0000b\"}}", 400),
        new Bad("a form field name with a line break", "agent", HttpMethod.POST, "/api/tasks/" + unknown + "/complete",
            JSON, "{\"variables\":{\"call\\nOutcome\":\"NO_ANSWER\"}}", 400),
        new Bad("dispute details with a NUL character", "admin", HttpMethod.POST, c + "/disputes", JSON,
            "{\"reason\":\"NOT_MY_DEBT\",\"details\":\"not \\u0000mine\"}", 400),
        new Bad("reveal reason with a NUL character", "agent", HttpMethod.POST, c + "/reveal", JSON,
            "{\"reason\":\"debtor \\u0000called\"}", 400),
        new Bad("reveal reason of zero-width spaces", "agent", HttpMethod.POST, c + "/reveal", JSON,
            "{\"reason\":\"\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\"}", 400),
        new Bad("cease reason with a NUL character", "agent", HttpMethod.POST, c + "/cease-communication", JSON,
            "{\"reason\":\"stop\\u0000\"}", 400),
        new Bad("call script with a NUL character", "compliance", HttpMethod.PUT, "/api/scripts/CONTACT/US", JSON,
            "{\"title\":\"T\\u0000\",\"opening\":\"Hello\",\"objections\":[]}", 400),
        new Bad("contact rules named with a NUL character", "compliance", HttpMethod.PUT,
            "/api/compliance/policies/US", JSON, policy.formatted("08:00", "21:00").replace("\"US\"", "\"U\\u0000S\""),
            400),
        new Bad("model draft with a NUL character", "compliance", HttpMethod.PUT,
            "/api/models/drafts/collection-case.bpmn", JSON, "{\"content\":\"<x>\\u0000</x>\"}", 400),
        new Bad("payment of 1e309", "admin", HttpMethod.POST, pay, JSON, payment("1e309", "USD", "bad-10"), 400),
        new Bad("payment of 1e-400", "admin", HttpMethod.POST, pay, JSON, payment("1e-400", "USD", "bad-11"), 400),
        new Bad("a target of -0 tasks", "manager", HttpMethod.PUT, "/api/metrics/targets/agent/WEEKLY", JSON,
            "{\"tasks\":-0,\"contacts\":1,\"promises\":1}", 400),
        new Bad("import whose every row is invalid", "admin", HttpMethod.POST, "/api/portfolios/import", CSV,
            Api.CSV_HEADER + "\nBAD-ALL-1,Jane Doe,+14155550123,j@example.com,\"1 Main St\",America/Chicago,"
                + "US,BAD_INPUT,5000.00,-1000.00,USD,20\n", 400),
        new Bad("import with a header and no accounts", "admin", HttpMethod.POST, "/api/portfolios/import", CSV,
            Api.CSV_HEADER + "\n", 400),
        new Bad("payment dated -5000-01-01", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"{case}\",\"amount\":10,\"currency\":\"USD\",\"externalId\":\"bad-12\","
                + "\"paidAt\":\"-5000-01-01T00:00:00Z\"}", 400),
        new Bad("KPIs from -5000-01-01", "manager", HttpMethod.GET,
            "/api/metrics/kpis?from=-5000-01-01&to=-4999-01-01", null, null, 400),
        new Bad("reports for +99999-01-01", "manager", HttpMethod.GET,
            "/api/metrics/reports/daily?date=%2B99999-01-01", null, null, 400),
        new Bad("roles with a null element", "admin", HttpMethod.PUT, "/api/users/agent/roles", JSON,
            "{\"roles\":[null],\"groups\":[]}", 400),
        new Bad("groups with a null element", "admin", HttpMethod.PUT, "/api/users/agent/roles", JSON,
            "{\"roles\":[\"AGENT\"],\"groups\":[null]}", 400),
        new Bad("a payment with the amount twice", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"{case}\",\"amount\":10,\"amount\":10000,\"currency\":\"USD\",\"externalId\":\"bad-13\"}",
            400),
        new Bad("a payment followed by another object", "admin", HttpMethod.POST, pay, JSON,
            payment("10", "USD", "bad-14") + "{\"amount\":1}", 400),
        // portfolio files (finding 10) and file names
        new Bad("import CSV with two balance columns", "admin", HttpMethod.POST, "/api/portfolios/import", CSV,
            Api.CSV_HEADER + ",balance\nBAD-DUP-1,Jane Doe,+14155550123,j@example.com,\"1 Main St\",America/Chicago,"
                + "US,BAD_INPUT,5000.00,1000.00,USD,20,999999\n", 400),
        new Bad("import CSV with a NUL in a cell", "admin", HttpMethod.POST, "/api/portfolios/import", CSV,
            Api.CSV_HEADER + "\nBAD-NUL-1,Jane\u0000Doe,+14155550123,j@example.com,\"1 Main St\",America/Chicago,"
                + "US,BAD_INPUT,5000.00,1000.00,USD,20\n", 400),
        new Bad("import JSON with a field twice", "admin", HttpMethod.POST, "/api/portfolios/import", JSON,
            "[{\"accountRef\":\"BAD-DUP-2\",\"balance\":\"10\",\"balance\":\"999999\"}]", 400),
        new Bad("upload whose file name has a line break", "admin", HttpMethod.POST, "/api/portfolios/import",
            "multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename*=UTF-8''a.csv%0A2026-12-02%20ERROR%20forged%20line\r\nContent-Type: text/csv\r\n\r\n"
                + Api.CSV_HEADER + "\r\n--XYZ--\r\n", 400),
        // found by the attack pass after the fixes
        new Bad("the clock moved 999999999 days (it moved, then broke every date)", "admin", HttpMethod.POST,
            "/api/dev/clock/advance", JSON, "{\"duration\":\"P999999999D\"}", 400),
        new Bad("a multipart body that is not multipart", "agent", HttpMethod.POST, "/api/tasks/next",
            "multipart/form-data", "x", 400),
        new Bad("a multipart body whose part never ends", "admin", HttpMethod.POST, "/api/payments",
            "multipart/form-data; boundary=zz", "--zz\r\ngarbage", 400),
        new Bad("an upload of two files", "admin", HttpMethod.POST, "/api/portfolios/import",
            "multipart/form-data; boundary=XYZ", ("--XYZ\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n" + Api.CSV_HEADER + "\nBAD-TWO-1,Jane Doe,"
                + "+14155550123,j@example.com,\"1 Main St\",America/Chicago,US,BAD_INPUT,5000.00,100.00,USD,20\r\n")
                .repeat(2) + "--XYZ--\r\n", 400),
        new Bad("a reveal reason of braille blanks", "agent", HttpMethod.POST, c + "/reveal", JSON,
            "{\"reason\":\"" + "\\u2800".repeat(11) + "\"}", 400),
        new Bad("a reveal reason of soft hyphens", "agent", HttpMethod.POST, c + "/reveal", JSON,
            "{\"reason\":\"" + "\\u00ad".repeat(12) + "\"}", 400),
        new Bad("a debtor name turned around by a bidi override", "admin", HttpMethod.POST, "/api/portfolios/import",
            CSV, Api.CSV_HEADER + "\nBAD-BIDI-1,\u202eeoD enaJ,+14155550123,j@example.com,\"1 Main St\","
                + "America/Chicago,US,BAD_INPUT,5000.00,100.00,USD,20\n", 400),
        new Bad("roles without the queues (they were emptied)", "admin", HttpMethod.PUT, "/api/users/agent2/roles",
            JSON, "{\"roles\":[\"AGENT\"]}", 400),
        new Bad("a payment dated before the account was placed", "admin", HttpMethod.POST, pay, JSON,
            "{\"caseId\":\"{case}\",\"amount\":10,\"currency\":\"USD\",\"externalId\":\"bad-15\","
                + "\"paidAt\":\"2020-01-01T00:00:00Z\"}", 400),
        // query values and paths (finding 12, 15)
        new Bad("a query value with a line feed", "admin", HttpMethod.GET, "/api/tasks?search=a%0AERROR%20forged",
            null, null, 400),
        new Bad("a query value with a NUL", "admin", HttpMethod.GET, "/api/cases?search=a%00b", null, null, 400),
        new Bad("a NUL in the path", "admin", HttpMethod.GET, "/api/cases/%00", null, null, 400),
        new Bad("an encoded slash in the path", "admin", HttpMethod.GET, "/api/cases/a%2Fb", null, null, 400),
        new Bad("an unknown path asked for as HTML", "admin", HttpMethod.GET, "/api/nothing-here", null, null, 404),
        // unknown cases (finding 15)
        new Bad("audit of an unknown case", "compliance", HttpMethod.GET, "/api/cases/" + unknown + "/audit", null,
            null, 404),
        new Bad("opt-outs of an unknown case", "agent", HttpMethod.GET, "/api/cases/" + unknown + "/opt-outs", null,
            null, 404),
        new Bad("a target for a user who does not exist", "manager", HttpMethod.PUT,
            "/api/metrics/targets/nobody-" + unknown.substring(0, 8) + "/WEEKLY", JSON,
            "{\"tasks\":1,\"contacts\":1,\"promises\":1}", 404),
        // found by the attack pass of issue 19: each is a problem that names the field in words, not Java's
        new Bad("a payment's time given as a date only", "supervisor", HttpMethod.POST, "/api/payments", JSON,
            "{\"caseId\":\"{case}\",\"amount\":1,\"currency\":\"USD\",\"externalId\":\"bad-date-1\","
                + "\"paidAt\":\"2026-12-15\"}", 400),
        new Bad("a query parameter given twice", "manager", HttpMethod.GET,
            "/api/metrics/kpis?from=2026-12-01&from=2026-12-02", null, null, 400),
        new Bad("a bulk assignment whose body is null", "supervisor", HttpMethod.POST, "/api/tasks/assign-bulk", JSON,
            "null", 400),
        new Bad("an assignee of spaces", "supervisor", HttpMethod.POST, "/api/tasks/assign-bulk", JSON,
            "{\"taskIds\":[\"" + unknown + "\"],\"assignee\":\"   \"}", 400),
        new Bad("Next task with the groups as one text", "agent", HttpMethod.POST, "/api/tasks/next", JSON,
            "{\"groups\":\"agents\"}", 400),
        new Bad("a dispute reason given as a list", "agent", HttpMethod.POST, "/api/cases/{case}/disputes", JSON,
            "{\"reason\":[\"WRONG_AMOUNT\"]}", 400),
        new Bad("contact rules for a country that does not exist", "compliance", HttpMethod.PUT,
            "/api/compliance/policies/XX", JSON, policy("XX", "\"08:00\"", "1"), 400),
        new Bad("contact hours with seconds", "compliance", HttpMethod.PUT, "/api/compliance/policies/US", JSON,
            policy("US", "\"08:00:00.5\"", "1"), 400),
        new Bad("contact hours from 24:00", "compliance", HttpMethod.PUT, "/api/compliance/policies/US", JSON,
            policy("US", "\"24:00\"", "1"), 400),
        new Bad("a call cap beyond any count", "compliance", HttpMethod.PUT, "/api/compliance/policies/US", JSON,
            policy("US", "\"08:00\"", "99999999999"), 400),
        new Bad("the history of a jurisdiction without rules", "compliance", HttpMethod.GET,
            "/api/compliance/policies/ZZ/history", null, null, 404),
        new Bad("an inbox search of spaces", "agent", HttpMethod.GET, "/api/tasks?search=%20%20", null, null, 400),
        new Bad("a case search of spaces", "agent", HttpMethod.GET, "/api/cases?q=%20%20", null, null, 400),
        new Bad("an empty queue name", "agent", HttpMethod.GET, "/api/tasks?groups=agents,,", null, null, 400),
        new Bad("a workable filter that is not a boolean", "supervisor", HttpMethod.GET,
            "/api/tasks?actionable=maybe", null, null, 400),
        new Bad("a JSON portfolio naming a field twice in two spellings", "admin", HttpMethod.POST,
            "/api/portfolios/import", JSON, "[{\"accountRef\":\"BAD-TWICE-1\",\"debtorName\":\"Jane Doe\","
                + "\"timezone\":\"America/Chicago\",\"jurisdiction\":\"US\",\"product\":\"BAD_INPUT\",\"principal\":100,"
                + "\"balance\":50,\"Balance\":60,\"currency\":\"USD\",\"dpd\":3}]", 400));
  }

  private static String policy(String jurisdiction, String contactFrom, String maxCalls) {
    return "{\"jurisdiction\":\"" + jurisdiction + "\",\"name\":\"Rules\",\"contactFrom\":" + contactFrom
        + ",\"contactUntil\":\"21:00\",\"hoursChannels\":[\"CALL\",\"VISIT\"],\"maxCalls\":" + maxCalls
        + ",\"callWindowDays\":7}";
  }

  private static String payment(String amount, String currency, String externalId) {
    return "{\"caseId\":\"{case}\",\"amount\":" + amount + ",\"currency\":\"" + currency + "\",\"externalId\":\""
        + externalId + "\"}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void isRefusedWithAProblemAndWritesNothing(Bad bad, CapturedOutput output) throws Exception {
    Map<String, Long> before = counts();
    int logged = rejections(output);
    HttpHeaders headers = new HttpHeaders();
    if (bad.contentType() != null) {
      headers.setContentType(MediaType.parseMediaType(bad.contentType()));
    }
    // a browser's Accept for the HTML case, an API client's for the others: the answer is a problem either way
    headers.setAccept(bad.name().contains("HTML") ? List.of(MediaType.TEXT_HTML)
        : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
    String path = bad.path().replace("{case}", caseId);
    String body = bad.body() == null ? null : bad.body().replace("{case}", caseId);
    var http = api.as(bad.user()).http();
    // a path with percent-escapes is sent as written (the template handler would escape the '%')
    ResponseEntity<String> response = path.contains("%")
        ? http.exchange(java.net.URI.create(http.getRootUri() + path), bad.method(), new HttpEntity<>(body, headers),
            String.class)
        : http.exchange(path, bad.method(), new HttpEntity<>(body, headers), String.class);

    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(bad.status());
    assertThat(response.getHeaders().getContentType()).as(response.getBody())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank()
        // words a client can act on: no Java types, parser tokens or method signatures
        .doesNotContain("java.", "[Ljava", "JsonToken", "Creator", "Required request body", "ArrayList",
            "could not be parsed");
    assertThat(counts()).as("nothing written").isEqualTo(before);
    assertThat(rejections(output) - logged).as("logged once").isEqualTo(1);
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    TABLES.forEach(t -> counts.put(t, jdbc.sql("select count(*) from " + t).query(Long.class).single()));
    return counts;
  }

  private static int rejections(CapturedOutput output) {
    return (int) output.getAll().lines().filter(l -> l.contains("Rejected request")).count();
  }
}
