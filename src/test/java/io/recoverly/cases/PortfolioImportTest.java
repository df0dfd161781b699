package io.recoverly.cases;

import io.recoverly.support.Api;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.support.AppTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

@AppTest
class PortfolioImportTest {

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;

  @BeforeEach
  void signIn() {
    http = anonymous.withBasicAuth(Api.ADMIN, Api.ADMIN);
  }
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;

  @Test
  void goodCsvOpensOneCaseWithARunningProcessPerAccount() throws Exception {
    String prefix = unique("GOOD");
    ResponseEntity<String> response = upload("portfolio.csv", PortfolioFiles.csv(prefix, "GOOD_CSV", 5));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode result = json.readTree(response.getBody());
    assertThat(result.path("imported").asInt()).isEqualTo(5);
    assertThat(result.path("duplicates").asInt()).isZero();
    assertThat(result.path("rejected").asInt()).isZero();
    assertThat(result.path("errors")).isEmpty();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(jdbc.sql("""
                select count(*) from collection_case c join account a on a.id = c.account_id
                 where a.account_ref like :p and c.process_instance_key is not null and c.stage = 'CONTACT'
                """).param("p", prefix + "-%").query(Long.class).single()).isEqualTo(5));
    // the account was stored as given
    var stored = jdbc.sql("select balance, currency, product from account where account_ref = :r")
        .param("r", prefix + "-1").query().singleRow();
    assertThat(stored.get("balance").toString()).isEqualTo("500.00");
    assertThat(stored.get("currency")).isEqualTo("USD");
  }

  @Test
  void importingTheSameFileTwiceOpensNothingNew() throws Exception {
    String prefix = unique("DUP");
    String file = PortfolioFiles.csv(prefix, "DUP_CSV", 4);
    assertThat(json.readTree(upload("p.csv", file).getBody()).path("imported").asInt()).isEqualTo(4);

    JsonNode again = json.readTree(upload("p.csv", file).getBody());

    assertThat(again.path("imported").asInt()).isZero();
    assertThat(again.path("duplicates").asInt()).isEqualTo(4);
    assertThat(casesWithPrefix(prefix)).isEqualTo(4);
  }

  @Test
  void repeatedAccountWithinOneFileIsADuplicate() throws Exception {
    String prefix = unique("SAME");
    String file = PortfolioFiles.HEADER + "\n"
        + PortfolioFiles.csvRow(prefix + "-1", "SAME_FILE", 20, "10.00") + "\n"
        + PortfolioFiles.csvRow(prefix + "-1", "SAME_FILE", 20, "10.00") + "\n";

    JsonNode result = json.readTree(upload("p.csv", file).getBody());

    assertThat(result.path("imported").asInt()).isEqualTo(1);
    assertThat(result.path("duplicates").asInt()).isEqualTo(1);
  }

  @Test
  void badRowsAreRejectedWithRowAndFieldWhileValidRowsAreImported() throws Exception {
    String prefix = unique("BAD");
    String file = PortfolioFiles.HEADER + "\n"
        + PortfolioFiles.csvRow(prefix + "-1", "BAD_ROWS", 20, "10.00") + "\n"
        + PortfolioFiles.csvRow(prefix + "-2", "BAD_ROWS", 20, "-5.00") + "\n"          // row 2: negative balance
        + PortfolioFiles.csvRow(prefix + "-3", "BAD_ROWS", 20, "10.00").replace("USD", "XYZ") + "\n" // row 3
        + PortfolioFiles.csvRow(prefix + "-4", "BAD_ROWS", 0, "10.00") + "\n"           // row 4: not past due
        + PortfolioFiles.csvRow(prefix + "-5", "BAD_ROWS", 20, "10.00").replace("America/Chicago", "Mars/Olympus")
        + "\n"
        + PortfolioFiles.csvRow(prefix + "-6", "BAD_ROWS", 20, "10.00") + "\n";

    ResponseEntity<String> response = upload("p.csv", file);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode result = json.readTree(response.getBody());
    assertThat(result.path("imported").asInt()).isEqualTo(2);
    assertThat(result.path("rejected").asInt()).isEqualTo(4);
    assertThat(result.path("errors").toString())
        .contains("{\"row\":2,\"field\":\"balance\",\"message\":\"must be greater than zero\"}")
        .contains("{\"row\":3,\"field\":\"currency\"")
        .contains("{\"row\":4,\"field\":\"dpd\"")
        .contains("{\"row\":5,\"field\":\"timezone\"");
    assertThat(casesWithPrefix(prefix)).isEqualTo(2);
  }

  @Test
  void malformedCsvIsRefusedNamingRowAndNothingIsWritten() throws Exception {
    String prefix = unique("MAL");
    // three good rows, then a row with more values than the header has columns
    String file = PortfolioFiles.csv(prefix, "MALFORMED", 3) + PortfolioFiles.csvRow(prefix + "-4", "MALFORMED", 5, "1.00")
        + ",extra\n";

    ResponseEntity<String> response = upload("p.csv", file);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode problem = json.readTree(response.getBody());
    assertThat(problem.path("row").asInt()).isEqualTo(4);
    assertThat(problem.path("detail").asText()).contains("row 4").contains("Nothing was imported");
    assertThat(casesWithPrefix(prefix)).isZero();
  }

  @Test
  void unknownOrMissingColumnsAreRefusedNamingTheField() throws Exception {
    ResponseEntity<String> unknown =
        upload("p.csv", PortfolioFiles.HEADER + ",balanse\n" + PortfolioFiles.csvRow(unique("U"), "X_UNKNOWN", 5, "1.00") + ",1\n");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(unknown.getBody()).path("field").asText()).isEqualTo("balanse");

    ResponseEntity<String> missing = upload("p.csv", "accountRef,debtorName\nA-1,Jane\n");
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode problem = json.readTree(missing.getBody());
    assertThat(problem.path("row").asInt()).isZero();
    assertThat(problem.path("field").asText()).isEqualTo("timezone");
  }

  @Test
  void jsonBodyIsImportedAndBrokenJsonIsRefused() throws Exception {
    String prefix = unique("JSON");
    String body = """
        [{"accountRef":"%s-1","debtorName":"Ravi Kumar","phone":"+919812345678","timezone":"Asia/Kolkata",
          "jurisdiction":"IN","product":"GOLD_LOAN","principal":50000,"balance":42000.5,"currency":"INR",
          "dueDate":"%s"},
         {"accountRef":"%s-2","debtorName":"","timezone":"Asia/Kolkata","jurisdiction":"IN","product":"GOLD_LOAN",
          "principal":50000,"balance":1,"currency":"INR","dpd":3}]
        """.formatted(prefix, java.time.LocalDate.now().minusDays(40), prefix);
    ResponseEntity<String> response = post(body, MediaType.APPLICATION_JSON);
    JsonNode result = json.readTree(response.getBody());
    assertThat(result.path("imported").asInt()).isEqualTo(1);
    assertThat(result.path("errors").toString()).contains("{\"row\":2,\"field\":\"debtorName\",\"message\":\"required\"}");

    String broken = "[{\"accountRef\":\"" + prefix + "-9\",\"debtorName\":\"X\"},{\"accountRef\": ";
    ResponseEntity<String> refused = post(broken, MediaType.APPLICATION_JSON);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(refused.getBody()).path("detail").asText()).contains("not valid JSON");
    assertThat(casesWithPrefix(prefix)).isEqualTo(1);
  }

  @Test
  void unknownFormatAndEmptyFilesAreRefused() {
    assertThat(upload("portfolio.xlsx", "whatever").getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(upload("empty.csv", "").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(upload("blank.csv", "\n\n").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  private long casesWithPrefix(String prefix) {
    return jdbc.sql("select count(*) from account where account_ref like :p")
        .param("p", prefix + "-%").query(Long.class).single();
  }

  @Test
  void aLendersFileStatesItsFiguresAsOfTheDayItWasExtracted() throws Exception {
    String prefix = unique("ASOF");
    LocalDate today = LocalDate.ofInstant(java.time.Instant.parse(
        json.readTree(http.getForEntity("/api/dev/clock", String.class).getBody()).path("now").asText()),
        java.time.ZoneOffset.UTC);
    LocalDate extracted = today.minusDays(3);
    // 30 days past due on the day of the extract, and the due date that goes with it
    String file = "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,"
        + "dpd,dueDate\n" + String.join(",", prefix + "-1", "Jane Doe", "+14155550123", "jane.doe@example.com",
        "\"1 Main St\"", "America/Chicago", "US", "ASOF_CSV", "1000.00", "500.00", "USD", "30",
        extracted.minusDays(30).toString()) + "\n";
    // read as of today, the file's DPD disagrees with its due date: the row is refused, saying why
    JsonNode refused = json.readTree(post(file, MediaType.parseMediaType("text/csv")).getBody());
    assertThat(refused.path("rejected").asInt()).isOne();
    assertThat(refused.toString()).contains("as-of date");
    // stated as of the extract, it imports, and the case's DPD moved on by the three days since
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    JsonNode imported = json.readTree(http.postForEntity("/api/portfolios/import?asOf=" + extracted,
        new HttpEntity<>(file, headers), String.class).getBody());
    assertThat(imported.path("imported").asInt()).as(imported.toString()).isOne();
    JsonNode page = json.readTree(http.getForEntity("/api/cases?product=ASOF_CSV", String.class).getBody());
    assertThat(page.path("items").get(0).path("dpd").asInt()).isEqualTo(33);
    assertThat(jdbc.sql("select as_of from portfolio_import where id = :id")
        .param("id", java.util.UUID.fromString(imported.path("importId").asText())).query(LocalDate.class).single())
        .isEqualTo(extracted);
    // a date ahead of today, or older than 60 days, is refused before anything is read
    for (LocalDate bad : List.of(today.plusDays(1), today.minusDays(61))) {
      ResponseEntity<String> response = http.postForEntity("/api/portfolios/import?asOf=" + bad,
          new HttpEntity<>(file.replace(prefix, prefix + "X"), headers), String.class);
      assertThat(response.getStatusCode()).as(bad.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(response.getBody()).contains("asOf");
    }
  }

  @Test
  void phonesAreKeptInE164ReadInTheDebtorsJurisdiction() throws Exception {
    String prefix = unique("E164");
    String header = "accountRef,debtorName,phone,timezone,jurisdiction,product,principal,balance,currency,dpd\n";
    String file = header
        + prefix + "-IN,Asha Rao,09845000667,Asia/Kolkata,IN,E164_CSV,50000,20000,INR,40\n"
        + prefix + "-US,Jane Doe,212-555-0101,America/New_York,US,E164_CSV,1000,500,USD,40\n"
        + prefix + "-UK,John Smith,+44 20 7946 0958,America/New_York,US,E164_CSV,1000,500,USD,40\n"
        + prefix + "-BAD,Bad Number,12345,Asia/Kolkata,IN,E164_CSV,50000,20000,INR,40\n";
    JsonNode result = json.readTree(post(file, MediaType.parseMediaType("text/csv")).getBody());
    assertThat(result.path("imported").asInt()).as(result.toString()).isEqualTo(3);
    assertThat(result.path("errors").get(0).path("row").asInt()).isEqualTo(4);
    assertThat(result.path("errors").get(0).path("field").asText()).isEqualTo("phone");
    assertThat(result.path("errors").get(0).path("message").asText()).contains("IN");
    assertThat(jdbc.sql("select a.account_ref || '=' || d.phone from account a join debtor d on d.id = a.debtor_id"
            + " where a.account_ref like :p order by a.account_ref").param("p", prefix + "%").query(String.class).list())
        .containsExactly(prefix + "-IN=+919845000667", prefix + "-UK=+442079460958", prefix + "-US=+12125550101");
  }

  private ResponseEntity<String> upload(String filename, String content) {
    return PortfolioFiles.upload(http, filename, content, "");
  }

  private ResponseEntity<String> post(String body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    return http.postForEntity("/api/portfolios/import", new HttpEntity<>(body, headers), String.class);
  }

  static String unique(String tag) {
    return tag + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
