package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.support.Api;
import io.recoverly.support.AppTest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lender files (issue 20): a lender's own format through a saved mapping, balance updates, recalls, dry runs, the
 * import history, on the running app and the real engine.
 */
@AppTest
class LenderFileTest {

  private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  TestRestTemplate http;
  Api api;

  @BeforeEach
  void signIn() {
    http = anonymous.withBasicAuth(Api.ADMIN, Api.ADMIN);
    api = new Api(anonymous, json);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** The lender's file of the issue: its own headers, dd/MM/yyyy, DPD as of three days earlier, local phones. */
  private String lenderFile(String prefix, LocalDate asOf) {
    String due = asOf.minusDays(30).format(DMY);
    return String.join("\n",
        "Acct No,Customer Name,Mobile No,Email ID,Address,Country,Outstanding,Loan Amount,Overdue Since,Days Past Due,"
            + "Branch,DOB",
        // India: a mobile in its local form, and a Delhi landline (SMS must not go to it)
        prefix + "-1,Asha Rao,09845000667,asha@example.in,\"12 MG Road, Bengaluru\",IN,45000,100000," + due
            + ",30,Bengaluru,14/03/1985",
        prefix + "-2,Vikram Das,011 2345 6789,vikram@example.in,\"4 Janpath, New Delhi\",IN,12000,50000," + due
            + ",30,Delhi,",
        // the US: two local forms
        prefix + "-3,Jane Roe,212-555-0101,jane@example.com,\"1 Main St, New York\",US,800,1000," + due
            + ",30,NYC,01/12/1970",
        prefix + "-4,John Poe,(415) 555-0123,john@example.com,\"9 Pine St, San Francisco\",US,900,1000," + due
            + ",30,SF,",
        // a number that cannot be valid in India; a date that does not exist; the first account again
        prefix + "-5,Bad Phone,12345,bad@example.in,\"Pune\",IN,100,100," + due + ",30,Pune,",
        prefix + "-6,Bad Date,09845000668,date@example.in,\"Pune\",IN,100,100,31/02/2024,30,Pune,",
        prefix + "-1,Asha Rao,09845000667,asha@example.in,\"12 MG Road, Bengaluru\",IN,45000,100000," + due
            + ",30,Bengaluru,14/03/1985") + "\n";
  }

  private void saveMapping(String name, String creditor) {
    Map<String, Object> body = Map.of(
        "columns", Map.ofEntries(Map.entry("Acct No", "accountRef"), Map.entry("Customer Name", "debtorName"),
            Map.entry("Mobile No", "phone"), Map.entry("Email ID", "email"), Map.entry("Country", "jurisdiction"),
            Map.entry("Outstanding", "balance"), Map.entry("Loan Amount", "principal"),
            Map.entry("Overdue Since", "dueDate"), Map.entry("Days Past Due", "dpd"), Map.entry("DOB", "dateOfBirth"),
            Map.entry("Ccy", "currency")),
        "dateFormat", "dd/MM/yyyy",
        "defaults", Map.of("currency", "INR", "creditor", creditor, "timezone", "Asia/Kolkata",
            "product", "PERSONAL_LOAN"),
        "extraColumns", "KEEP");
    ResponseEntity<String> saved = http.exchange("/api/portfolios/mappings/" + name, HttpMethod.PUT,
        new HttpEntity<>(body), String.class);
    assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aLendersOwnFileImportsThroughItsSavedMappingWithExactCounts() throws Exception {
    String prefix = Api.unique("LEND");
    String mapping = "lender-" + prefix.toLowerCase();
    saveMapping(mapping, "Asha Finance");
    LocalDate asOf = today().minusDays(3);
    // the US rows say USD; the Indian rows leave the currency to the mapping's default (INR)
    String file = withCurrency(lenderFile(prefix, asOf));

    JsonNode result = body(upload("lender.csv", file, "mapping=" + mapping + "&asOf=" + asOf), HttpStatus.OK);

    assertThat(result.path("imported").asInt()).isEqualTo(4);
    assertThat(result.path("rejected").asInt()).isEqualTo(2);
    assertThat(result.path("duplicates").asInt()).isEqualTo(1);
    assertThat(result.path("rowsRead").asInt()).isEqualTo(7);
    assertThat(result.path("keptColumns")).extracting(JsonNode::asText).containsExactly("Branch");
    List<String> errorFields = result.path("errors").findValuesAsText("field");
    assertThat(errorFields).containsExactlyInAnyOrder("phone", "dueDate");
    assertThat(result.path("errors").toString()).contains("\"row\":5").contains("\"row\":6");

    // E.164 in both jurisdictions, read in each one's region; the line type kept
    Map<String, Object> asha = debtor(prefix + "-1");
    assertThat(asha.get("phone")).isEqualTo("+919845000667");
    assertThat(asha.get("phone_type")).isEqualTo("MOBILE");
    assertThat(asha.get("date_of_birth").toString()).isEqualTo("1985-03-14");
    assertThat(debtor(prefix + "-2").get("phone")).isEqualTo("+911123456789");
    assertThat(debtor(prefix + "-2").get("phone_type")).isEqualTo("FIXED_LINE");
    assertThat(debtor(prefix + "-3").get("phone")).isEqualTo("+12125550101");
    assertThat(debtor(prefix + "-4").get("phone")).isEqualTo("+14155550123");
    // the file's DPD was as of three days earlier: the case's DPD moved on from there
    Map<String, Object> account = jdbc.sql("select due_date, creditor, currency, attributes::text as attributes"
        + " from account where account_ref = :r").param("r", prefix + "-1").query().singleRow();
    assertThat(account.get("due_date").toString()).isEqualTo(asOf.minusDays(30).toString());
    assertThat(account.get("creditor")).isEqualTo("Asha Finance");
    assertThat(account.get("currency")).isEqualTo("INR");
    assertThat(json.readTree((String) account.get("attributes")).path("Branch").asText()).isEqualTo("Bengaluru");

    // the case names the creditor and never shows the date of birth; the list filters by creditor
    UUID caseId = caseOf(prefix + "-1");
    JsonNode view = api.caseView(caseId);
    assertThat(view.path("creditor").asText()).isEqualTo("Asha Finance");
    assertThat(view.path("dpd").asInt()).isEqualTo(33);
    assertThat(view.path("debtor").path("dateOfBirth").asText()).doesNotContain("1985");
    assertThat(view.toString()).doesNotContain("1985");
    JsonNode listed = api.get("/api/cases?creditor=Asha%20Finance&q=" + prefix + "&size=50");
    assertThat(listed.path("totalItems").asInt()).isEqualTo(4);
    assertThat(api.get("/api/cases?creditor=Nobody&q=" + prefix).path("totalItems").asInt()).isZero();
    assertThat(api.get("/api/cases/creditors")).extracting(JsonNode::asText).contains("Asha Finance");
    // the KPIs, the reports and the task lists filter by creditor too
    assertThat(api.get("/api/metrics/kpis?creditor=Asha%20Finance").path("openCases").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(api.get("/api/metrics/kpis?creditor=Nobody").path("openCases").asLong()).isZero();
    assertThat(api.get("/api/metrics/filters").path("creditors")).extracting(JsonNode::asText).contains("Asha Finance");
    assertThat(api.get("/api/tasks?creditor=Nobody&groups=agents").path("totalItems").asLong()).isZero();
    // nobody worked a case of a creditor that does not exist: a report of no work, with targets only
    assertThat(api.get("/api/metrics/reports/daily?date=" + today() + "&creditor=Nobody").path("lines"))
        .allSatisfy(line -> assertThat(line.path("tasks").asLong()).isZero());

    // SMS goes only to mobiles: the guard refuses it to the landline and allows it to the mobile; the landline's
    // reminder goes by another channel
    assertThat(api.get("/api/cases/" + caseOf(prefix + "-2") + "/contact-check?channel=SMS").path("rule").asText())
        .isEqualTo("NOT_A_MOBILE");
    assertThat(api.get("/api/cases/" + caseOf(prefix + "-1") + "/contact-check?channel=SMS").path("rule").asText())
        .isNotEqualTo("NOT_A_MOBILE");
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
        assertThat(firstChannel(caseOf(prefix + "-2"))).isNotNull().isNotEqualTo("SMS"));
    // messages name the creditor
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
        assertThat(jdbc.sql("select body from outbound_message where case_id = :c and template = 'payment-reminder'")
            .param("c", caseOf(prefix + "-1")).query(String.class).list()).anyMatch(b -> b.contains("Asha Finance")));

    // the history says who sent which file with what mapping and what it did; its errors download as CSV
    JsonNode history = api.get("/api/portfolios/imports?limit=20");
    JsonNode entry = null;
    for (JsonNode h : history) {
      if (h.path("id").asText().equals(result.path("importId").asText())) {
        entry = h;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.path("importedBy").asText()).isEqualTo("admin");
    assertThat(entry.path("mapping").asText()).isEqualTo(mapping);
    assertThat(entry.path("imported").asInt()).isEqualTo(4);
    assertThat(entry.path("rejected").asInt()).isEqualTo(2);
    ResponseEntity<String> csv = http.getForEntity("/api/portfolios/imports/" + result.path("importId").asText()
        + "/errors.csv", String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getBody()).startsWith("row,field,message\n").contains("5,phone,").contains("6,dueDate,");
  }

  /** The US rows say their currency (the mapping's default, INR, is the Indian lender's). */
  private static String withCurrency(String file) {
    String[] lines = file.split("\n");
    StringBuilder out = new StringBuilder(lines[0] + ",Ccy\n");
    for (int i = 1; i < lines.length; i++) {
      out.append(lines[i]).append(lines[i].contains(",US,") ? ",USD" : ",").append('\n');
    }
    return out.toString();
  }

  @Test
  void aDryRunChecksEverythingAndWritesNothing() throws Exception {
    String prefix = Api.unique("DRY");
    String mapping = "dry-" + prefix.toLowerCase();
    saveMapping(mapping, "Asha Finance");
    long accounts = count("account");
    long imports = count("portfolio_import");
    String file = withCurrency(lenderFile(prefix, today().minusDays(3)));

    JsonNode result = body(upload("lender.csv", file, "mapping=" + mapping + "&asOf=" + today().minusDays(3)
        + "&dryRun=true"), HttpStatus.OK);

    assertThat(result.path("dryRun").asBoolean()).isTrue();
    // the accounts as they would be stored: what the upload page previews
    assertThat(result.path("preview").get(0).path("phone").asText()).isEqualTo("+919845000667");
    assertThat(result.path("preview").get(0).path("phoneType").asText()).isEqualTo("MOBILE");
    assertThat(result.path("preview").get(0).path("creditor").asText()).isEqualTo("Asha Finance");
    // the valid rows (the repeated one included: it is a duplicate, not invalid)
    assertThat(result.path("preview")).hasSize(5);
    assertThat(result.path("imported").asInt()).isEqualTo(4);
    assertThat(result.path("rejected").asInt()).isEqualTo(2);
    assertThat(count("account")).isEqualTo(accounts);
    assertThat(count("portfolio_import")).isEqualTo(imports);
    assertThat(jdbc.sql("select count(*) from audit_event where summary like :p").param("p", "%" + prefix + "%")
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from account where account_ref like :p").param("p", prefix + "%")
        .query(Long.class).single()).isZero();
  }

  @Test
  void badMappingsAndUnknownMappingsAreRefusedWithProblems() {
    record Case(Map<String, Object> body, String field) {}
    List<Case> bad = List.of(
        new Case(Map.of("columns", Map.of("Acct", "accountNumber")), "columns"),
        new Case(Map.of("columns", Map.of("A", "accountRef", "B", "accountRef")), "columns"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "dateFormat", "HH:mm"), "dateFormat"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "dateFormat", "dd/MM"), "dateFormat"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("balance", "10")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("jurisdiction", "FR")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("currency", "ZZZ")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("currency", "XXX")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("creditor", "\u200b")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "dateFormat", "yyyy-MM-dd[ HH]"), "dateFormat"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "dateFormat", "DDD/yyyy"), "dateFormat"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "dateFormat", "dd/MM/yyyy G"), "dateFormat"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "defaults", Map.of("timezone", "Mars/Base")), "defaults"),
        new Case(Map.of("columns", Map.of("A", "accountRef"), "extraColumns", "DROP"), "extraColumns"),
        new Case(Map.of("columns", Map.of("A\u0000", "accountRef")), "columns"),
        new Case(Map.of(), "columns"));
    for (Case c : bad) {
      ResponseEntity<String> r = http.exchange("/api/portfolios/mappings/m1", HttpMethod.PUT,
          new HttpEntity<>(c.body()), String.class);
      assertThat(r.getStatusCode()).as(c.toString() + r.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getBody()).as(c.toString()).contains("\"field\":\"" + c.field());
    }
    assertThat(http.exchange("/api/portfolios/mappings/bad name", HttpMethod.PUT,
        new HttpEntity<>(Map.of("columns", Map.of("A", "accountRef"))), String.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(http.getForEntity("/api/portfolios/mappings/m1", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<String> unknown = upload("x.csv", PortfolioFiles.csv(Api.unique("NOMAP"), "NOMAP", 1),
        "mapping=no-such-mapping");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(upload("x.csv", PortfolioFiles.csv(Api.unique("NOTYPE"), "NOTYPE", 1), "type=MERGE")
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // an agent may not see or change lender files
    assertThat(anonymous.withBasicAuth("agent", "agent").getForEntity("/api/portfolios/mappings", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // a name differing only in case is the same mapping (two of them made every lookup a 500)
    String name = "Case-" + Api.unique("M");
    for (String spelling : List.of(name, name.toLowerCase(), name.toUpperCase())) {
      assertThat(http.exchange("/api/portfolios/mappings/" + spelling, HttpMethod.PUT,
          new HttpEntity<>(Map.of("columns", Map.of("Acct", "accountRef"))), String.class).getStatusCode())
          .isEqualTo(HttpStatus.OK);
    }
    assertThat(http.getForEntity("/api/portfolios/mappings/" + name.toLowerCase(), String.class).getBody())
        .contains("\"name\":\"" + name.toUpperCase() + "\"");
    // a JSON number beyond a double (1e309) is a row error like the same CSV cell, a field name with a NUL a malformed
    // file
    String ref = Api.unique("BIG");
    ResponseEntity<String> big = http.postForEntity("/api/portfolios/import?mapping=" + name, new HttpEntity<>(
        "[{\"Acct\": \"" + ref + "\", \"debtorName\": \"A\", \"timezone\": \"UTC\", \"jurisdiction\": \"US\","
            + " \"product\": \"X1\", \"principal\": 1e309, \"balance\": 10, \"currency\": \"USD\", \"dpd\": 5}]",
        jsonHeaders()), String.class);
    assertThat(big.getStatusCode()).as(big.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(big.getBody()).contains("principal").contains("too large");
    ResponseEntity<String> nul = http.postForEntity("/api/portfolios/import?mapping=" + name, new HttpEntity<>(
        "[{\"Acct\": \"" + ref + "\", \"Branch\\u0000\": \"x\"}]", jsonHeaders()), String.class);
    assertThat(nul.getStatusCode()).as(nul.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(nul.getBody()).contains("field name");
    // nothing after the accounts, numbers as written, the parser's words without its identifiers
    String one = "{\"accountRef\": \"" + ref + "-2\", \"debtorName\": \"A\", \"timezone\": \"UTC\","
        + " \"jurisdiction\": \"US\", \"product\": \"X1\", \"principal\": 10, \"currency\": \"USD\", \"dpd\": 5,"
        + " \"balance\": ";
    for (String body : List.of("[" + one + "10}]\n[" + one + "11}]", "{\"accounts\": [" + one + "10}], \"more\": []}")) {
      ResponseEntity<String> trailing = http.postForEntity("/api/portfolios/import?dryRun=true",
          new HttpEntity<>(body, jsonHeaders()), String.class);
      assertThat(trailing.getStatusCode()).as(trailing.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(trailing.getBody()).contains("after");
    }
    ResponseEntity<String> exact = http.postForEntity("/api/portfolios/import?dryRun=true",
        new HttpEntity<>("[" + one + "5000.00000000000000000001}]", jsonHeaders()), String.class);
    assertThat(exact.getBody()).contains("more decimal places than USD has");
    for (String body : List.of("[" + one + "NaN}]", "[" + one + "1" + "0".repeat(2000) + "}]")) {
      ResponseEntity<String> odd = http.postForEntity("/api/portfolios/import?dryRun=true",
          new HttpEntity<>(body, jsonHeaders()), String.class);
      assertThat(odd.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(odd.getBody()).doesNotContain("`").doesNotContain("StreamReadConstraints")
          .doesNotContain("JsonReadFeature");
    }
    for (String dry : List.of("", "yes", "1")) {
      assertThat(upload("x.csv", PortfolioFiles.csv(Api.unique("DRYV"), "DRYV", 1), "dryRun=" + dry).getStatusCode())
          .as("dryRun=" + dry).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    // a file name too long for the container's part headers is said to be that, not a body too large
    ResponseEntity<String> longName = upload("x".repeat(1000) + ".csv", PortfolioFiles.csv(Api.unique("LONG"), "LONG",
        1), "");
    assertThat(longName.getStatusCode()).as(longName.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(longName.getBody()).contains("headers are too long");
    // a lender's column without a mapping is still an unknown column: nothing is dropped silently
    ResponseEntity<String> foreign = upload("x.csv", "Acct No,balance\nA1,10\n", "");
    assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(foreign.getBody()).contains("Acct No").contains("mapping");
  }

  @Test
  void aBalanceUpdateChangesWhatItCarriesAndAZeroBalanceClosesTheCaseAsPaid() throws Exception {
    String prefix = Api.unique("UPD");
    UUID first = api.importAccount(prefix + "-1", "500.00");
    UUID second = api.importAccount(prefix + "-2", "300.00");
    UUID closed = api.importAccount(prefix + "-3", "200.00");
    api.importAccount(prefix + "-4", "200.00");
    api.awaitEvent(first, "STAGE_ENTERED", 1);
    api.awaitEvent(second, "STAGE_ENTERED", 1);
    api.awaitEvent(closed, "STAGE_ENTERED", 1);
    body(upload("recall.csv", "accountRef\n" + prefix + "-3\n", "type=RECALL"), HttpStatus.OK);

    String update = String.join("\n", "accountRef,balance,phone,email,debtorName",
        prefix + "-1,350.00,212-555-0199,,Ignored Name",
        prefix + "-2,0,,,",
        prefix + "-3,100.00,,,",
        prefix + "-404,10.00,,,",
        prefix + "-1,340.00,,,",
        prefix + "-4,-5,,,",
        prefix + "-2,,12345,,") + "\n";
    JsonNode result = body(upload("update.csv", update, "type=UPDATE"), HttpStatus.OK);

    assertThat(result.path("type").asText()).isEqualTo("UPDATE");
    assertThat(result.path("updated").asInt()).isEqualTo(2);
    assertThat(result.path("rejected").asInt()).isEqualTo(5);
    assertThat(result.path("ignoredColumns").has("debtorName")).isTrue();
    String errors = result.path("errors").toString();
    assertThat(errors).contains("is closed (RECALLED)").contains("no account " + prefix + "-404")
        .contains("named twice").contains("must not be negative");
    // the changes are stored, the phone in E.164, and each is on the timeline
    assertThat(jdbc.sql("select balance from account where account_ref = :r").param("r", prefix + "-1")
        .query(String.class).single()).isEqualTo("350.00");
    assertThat(debtor(prefix + "-1").get("phone")).isEqualTo("+12125550199");
    assertThat(debtor(prefix + "-1").get("full_name")).isEqualTo("Jane Doe");
    assertThat(api.eventTypes(first)).contains("BALANCE_UPDATED", "DEBTOR_DETAILS_UPDATED");
    // a balance at zero closes the case as paid, and its process is gone
    JsonNode paid = api.caseView(second);
    assertThat(paid.path("status").asText()).isEqualTo("CLOSED");
    assertThat(paid.path("outcome").asText()).isEqualTo("PAID_IN_FULL");
    awaitInstanceCanceled(second);
  }

  @Test
  void aRecallStopsContactAtOnceEmptiesTheInboxesAndClosesTheCaseAsRecalled() throws Exception {
    String prefix = Api.unique("RCL");
    UUID caseId = api.importAccount(prefix + "-1", "500.00");
    UUID other = api.importAccount(prefix + "-2", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    long reminders = api.count(caseId, "REMINDER_SENT");

    JsonNode result = body(upload("recall.csv", "accountRef\n" + prefix + "-1\n" + prefix + "-404\n",
        "type=RECALL&uploadId=" + UUID.randomUUID()), HttpStatus.OK);
    assertThat(result.path("recalled").asInt()).isEqualTo(1);
    assertThat(result.path("rejected").asInt()).isEqualTo(1);

    JsonNode view = api.caseView(caseId);
    assertThat(view.path("status").asText()).isEqualTo("CLOSED");
    assertThat(view.path("outcome").asText()).isEqualTo("RECALLED");
    assertThat(jdbc.sql("select count(*) from user_task where case_id = :c and state = 'OPEN'").param("c", caseId)
        .query(Long.class).single()).isZero();
    awaitInstanceCanceled(caseId);
    // nothing more goes to the debtor, however far the clock moves; the other case goes on
    int otherEvents = api.eventTypes(other).size();
    api.advanceClock("P6D");
    await().atMost(Duration.ofSeconds(30)).until(() -> api.eventTypes(other).size() > otherEvents);
    assertThat(api.count(caseId, "REMINDER_SENT")).isEqualTo(reminders);
    // the same recall again changes nothing
    JsonNode again = body(upload("recall.csv", "accountRef\n" + prefix + "-1\n", "type=RECALL"), HttpStatus.OK);
    assertThat(again.path("recalled").asInt()).isZero();
    assertThat(again.path("duplicates").asInt()).isEqualTo(1);
  }

  @Test
  void anUploadsProgressIsReadableByWhoStartedIt() throws Exception {
    String prefix = Api.unique("PROG");
    UUID uploadId = UUID.randomUUID();
    body(upload("p.csv", PortfolioFiles.csv(prefix, "PROG", 3), "uploadId=" + uploadId), HttpStatus.OK);
    JsonNode progress = api.get("/api/portfolios/imports/progress/" + uploadId);
    assertThat(progress.path("finished").asBoolean()).isTrue();
    assertThat(progress.path("rowsRead").asInt()).isEqualTo(3);
    assertThat(progress.path("imported").asInt()).isEqualTo(3);
    assertThat(anonymous.withBasicAuth("supervisor", "supervisor")
        .getForEntity("/api/portfolios/imports/progress/" + uploadId, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    // nor can another user's import take it over
    ResponseEntity<String> taken = PortfolioFiles.upload(anonymous.withBasicAuth("supervisor", "supervisor"), "p.csv",
        PortfolioFiles.csv(Api.unique("PROG2"), "PROG", 1), "uploadId=" + uploadId);
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode suggested = body(http.postForEntity("/api/portfolios/mappings/suggest",
        Map.of("header", List.of("Acct No", "Customer Name", "Mobile No", "Outstanding", "DOB", "Branch")),
        String.class), HttpStatus.OK);
    assertThat(suggested.path("columns").path("Acct No").asText()).isEqualTo("accountRef");
    assertThat(suggested.path("columns").path("Outstanding").asText()).isEqualTo("balance");
    assertThat(suggested.path("columns").path("DOB").asText()).isEqualTo("dateOfBirth");
    assertThat(suggested.path("unmatchedColumns")).extracting(JsonNode::asText).containsExactly("Branch");
  }

  private void awaitInstanceCanceled(UUID caseId) {
    Long key = jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", caseId)
        .query(Long.class).single();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
            "select status from engine_command where kind = 'CANCEL_INSTANCE' and instance_key = :k")
        .param("k", key).query(String.class).list()).containsExactly("DONE"));
  }

  private String firstChannel(UUID caseId) {
    return jdbc.sql("select channel from outbound_message where case_id = :c and template = 'payment-reminder'"
            + " order by id limit 1")
        .param("c", caseId).query(String.class).optional().orElse(null);
  }

  private Map<String, Object> debtor(String ref) {
    return jdbc.sql("select d.* from debtor d join account a on a.debtor_id = d.id where a.account_ref = :r")
        .param("r", ref).query().singleRow();
  }

  private UUID caseOf(String ref) {
    return jdbc.sql("select c.id from collection_case c join account a on a.id = c.account_id where a.account_ref = :r")
        .param("r", ref).query(UUID.class).single();
  }

  private static org.springframework.http.HttpHeaders jsonHeaders() {
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    return headers;
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private JsonNode body(ResponseEntity<String> response, HttpStatus expected) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expected);
    return json.readTree(response.getBody());
  }

  private ResponseEntity<String> upload(String filename, String content, String query) {
    return PortfolioFiles.upload(http, filename, content, query);
  }
}
