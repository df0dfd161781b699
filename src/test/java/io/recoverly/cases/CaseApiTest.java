package io.recoverly.cases;

import io.recoverly.support.Api;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.support.AppTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@AppTest
class CaseApiTest {

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;

  @BeforeEach
  void signIn() {
    http = anonymous.withBasicAuth(Api.ADMIN, Api.ADMIN);
  }
  @Autowired ObjectMapper json;

  @Test
  void listsFiltersAndPagesCases() throws Exception {
    String prefix = PortfolioImportTest.unique("API");
    String product = "API_" + prefix.substring(prefix.length() - 8).toUpperCase().replace('-', '_');
    List<String> lines = new ArrayList<>(List.of(PortfolioFiles.HEADER));
    int[] dpds = {5, 25, 45, 75, 120, 200};
    for (int i = 0; i < dpds.length; i++) {
      String row = PortfolioFiles.csvRow(prefix + "-" + i, "P" + product, dpds[i], "100.00");
      lines.add(i % 2 == 0 ? row : row.replace("America/Chicago", "Asia/Kolkata").replace(",US,", ",IN,").replace("USD", "INR"));
    }
    importCsv(String.join("\n", lines));
    String base = "/api/cases?product=P" + product;

    JsonNode all = get(base + "&size=4");
    assertThat(all.path("totalItems").asInt()).isEqualTo(6);
    assertThat(all.path("totalPages").asInt()).isEqualTo(2);
    assertThat(all.path("items")).hasSize(4);
    assertThat(get(base + "&size=4&page=1").path("items")).hasSize(2);

    JsonNode aging = get(base + "&dpdBucket=31-60");
    assertThat(aging.path("totalItems").asInt()).isEqualTo(1);
    JsonNode one = aging.path("items").get(0);
    assertThat(one.path("dpd").asInt()).isBetween(31, 60);
    assertThat(one.path("dpdBucket").asText()).isEqualTo("31-60");
    assertThat(get(base + "&dpdBucket=90%2B").path("totalItems").asInt()).isEqualTo(2);
    assertThat(get(base + "&jurisdiction=in").path("totalItems").asInt()).isEqualTo(3);
    assertThat(get(base + "&status=OPEN").path("totalItems").asInt()).isEqualTo(6);
    assertThat(get(base + "&status=CLOSED").path("totalItems").asInt()).isZero();

    await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "&stage=CONTACT").path("totalItems").asInt() == 6);
  }

  @Test
  void showsOneCaseWithMaskedDebtorAndItsTimelineOldestFirst() throws Exception {
    String prefix = PortfolioImportTest.unique("ONE");
    importCsv(PortfolioFiles.csv(prefix, "ONE_CASE", 1));
    JsonNode listed = get("/api/cases?product=ONE_CASE&size=500");
    String id = null;
    for (JsonNode item : listed.path("items")) {
      if (item.path("accountRef").asText().equals(prefix + "-1")) {
        id = item.path("id").asText();
      }
    }
    assertThat(id).isNotNull();
    String caseId = id;

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode found = get("/api/cases/" + caseId);
      assertThat(found.path("processInstanceKey").isNumber()).isTrue();
      assertThat(found.path("stage").asText()).isEqualTo("CONTACT");
      assertThat(found.path("strategy").path("name").asText()).isNotBlank();
    });
    JsonNode found = get("/api/cases/" + caseId);
    assertThat(found.path("accountRef").asText()).isEqualTo(prefix + "-1");
    assertThat(found.path("balance").decimalValue()).isEqualByComparingTo("500.00");
    assertThat(found.path("currency").asText()).isEqualTo("USD");
    assertThat(found.path("status").asText()).isEqualTo("OPEN");
    assertThat(found.path("debtor").path("name").asText()).isEqualTo("Jane Doe");
    assertThat(found.path("debtor").path("phone").asText()).isEqualTo("+1******0123").doesNotContain("5550");
    assertThat(found.path("debtor").path("email").asText()).isEqualTo("j*******@example.com");
    assertThat(found.path("debtor").path("address").asText()).doesNotContain("Main St");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<String> types = new ArrayList<>();
      get("/api/cases/" + caseId + "/timeline").forEach(e -> types.add(e.path("type").asText()));
      assertThat(types).containsSubsequence("CASE_OPENED", "PROCESS_STARTED", "STAGE_ENTERED", "REMINDER_SENT");
    });
    JsonNode timeline = get("/api/cases/" + caseId + "/timeline");
    for (int i = 1; i < timeline.size(); i++) {
      assertThat(timeline.get(i).path("occurredAt").asText()).isGreaterThanOrEqualTo(timeline.get(i - 1).path("occurredAt").asText());
    }
  }

  @Test
  void unknownCaseIs404AndBadFiltersAre400() throws Exception {
    ResponseEntity<String> missing = http.getForEntity("/api/cases/" + java.util.UUID.randomUUID(), String.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(http.getForEntity("/api/cases/" + java.util.UUID.randomUUID() + "/timeline", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/cases/not-a-uuid", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> badStage = http.getForEntity("/api/cases?stage=SLEEPING", String.class);
    assertThat(badStage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(badStage.getBody()).path("field").asText()).isEqualTo("stage");
    assertThat(http.getForEntity("/api/cases?dpdBucket=7-9", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> badSize = http.getForEntity("/api/cases?size=100000", String.class);
    assertThat(badSize.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(badSize.getBody()).path("errors").toString()).contains("size");
  }

  @Test
  void openApiDescribesTheCaseApi() throws Exception {
    JsonNode api = get("/v3/api-docs");
    assertThat(api.path("paths").has("/api/cases")).isTrue();
    assertThat(api.path("paths").has("/api/cases/{id}/timeline")).isTrue();
    assertThat(api.path("paths").has("/api/portfolios/import")).isTrue();
    assertThat(api.path("paths").has("/api/dev/clock/advance")).isTrue();
    assertThat(http.getForEntity("/swagger-ui.html", String.class).getStatusCode().is2xxSuccessful()).isTrue();
  }

  @Test
  void findsACaseByAFragmentOfItsReferenceNameEmailOrPhone() throws Exception {
    String prefix = PortfolioImportTest.unique("FIND");
    String tag = prefix.substring(prefix.length() - 6).replace('-', 'x');
    String product = "FIND_" + tag.toUpperCase();
    List<String> lines = new ArrayList<>(List.of(PortfolioFiles.HEADER));
    lines.add(String.join(",", prefix + "-00082", "Zoltan Q" + tag + " Marwick", "+1 (415) 555-7" + "391",
        "zq." + tag + "@mailbox.example", "\"1 Main St\"", "America/Chicago", "US", product, "1000.00", "500.00", "USD",
        "20"));
    lines.add(String.join(",", prefix + "-00999", "Other Person", "+14155550000", "other@example.com",
        "\"2 Main St\"", "America/Chicago", "US", product, "1000.00", "500.00", "USD", "20"));
    importCsv(String.join("\n", lines));
    String base = "/api/cases?product=" + product + "&q=";

    // anywhere in the reference (not only its start), any case
    assertThat(refs(get(base + "00082"))).containsExactly(prefix + "-00082");
    assertThat(refs(get(base + prefix.substring(3).toLowerCase() + "-0008"))).containsExactly(prefix + "-00082");
    // part of the name; the whole e-mail; the phone's last four digits (what its mask shows) or its whole national
    // number, however it was written
    assertThat(refs(get(base + "q" + tag + "%20marw"))).containsExactly(prefix + "-00082");
    assertThat(refs(get(base + "ZQ." + tag + "%40mailbox.example"))).containsExactly(prefix + "-00082");
    assertThat(refs(get(base + "7391"))).containsExactly(prefix + "-00082");
    assertThat(refs(get(base + "(415)%20555-7391"))).containsExactly(prefix + "-00082");
    // a fragment of a contact point finds nothing: it would rebuild a masked number or address a digit at a time
    assertThat(get(base + tag + "%40mailbox").path("totalItems").asInt()).isZero();
    assertThat(get(base + "57391").path("totalItems").asInt()).isZero();
    assertThat(get(base + "555-7391").path("totalItems").asInt()).isZero();
    assertThat(refs(get(base + "0000"))).containsExactly(prefix + "-00999"); // the phone, not a reference's digits
    // wildcards are literal; what matches nothing is an empty page, not an error
    assertThat(get(base + "%25%25").path("totalItems").asInt()).isZero();
    assertThat(get(base + "__").path("totalItems").asInt()).isZero();
    assertThat(get(base + "nobody-at-all").path("totalItems").asInt()).isZero();
    // the masked contact points are all a search answers with (the last four digits, the e-mail's domain)
    assertThat(get(base + "7391").toString()).doesNotContain("555").doesNotContain("zq." + tag);
    // too short, too long, control characters: a 400 problem
    for (String bad : List.of("x", "%20y%20", "a".repeat(101), "ab%00cd")) {
      ResponseEntity<String> r = http.getForEntity(java.net.URI.create(http.getRootUri() + base + bad), String.class);
      assertThat(r.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getHeaders().getContentType().toString()).contains("problem+json");
    }
  }

  private static List<String> refs(JsonNode page) {
    List<String> refs = new ArrayList<>();
    page.path("items").forEach(i -> refs.add(i.path("accountRef").asText()));
    return refs;
  }

  private void importCsv(String csv) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    ResponseEntity<String> response =
        http.postForEntity("/api/portfolios/import", new HttpEntity<>(csv, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(response.getBody()).path("rejected").asInt()).isZero();
  }

  private JsonNode get(String path) throws Exception {
    // a URI, not a template: the path is already encoded (90%2B)
    ResponseEntity<String> response = http.getForEntity(java.net.URI.create(http.getRootUri() + path), String.class);
    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return json.readTree(response.getBody());
  }
}
