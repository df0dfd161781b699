package io.recoverly.legal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A chronic defaulter (DMN escalation-threshold: over 180 DPD, 1,000 or more outstanding, two contact cycles without
 * result) is proposed to a supervisor; approved it is placed with legal and closes, refused it stays in collection.
 */
class LegalEscalationTest extends ApiTestSupport {

  /** Two contact cycles without result for a 200-DPD, 5,000 USD case ('hard': letter first, 3-day cadence). */
  private JsonNode escalate(UUID caseId) {
    for (int cycle = 1; cycle <= 2; cycle++) {
      api.awaitEvent(caseId, "REMINDER_SENT", cycle);
      JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P3D");
      api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    }
    JsonNode approval = api.awaitOpenTask(caseId, "approve-legal-escalation");
    assertThat(approval.path("candidateGroups").toString()).isEqualTo("[\"supervisors\"]");
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("LEGAL");
    assertThat(api.count(caseId, "REMINDER_SENT")).isEqualTo(2);
    return approval;
  }

  @Test
  void approvedEscalationPlacesTheCaseWithLegalAndClosesIt() {
    UUID caseId = api.importAccount(Api.unique("LEGALOK") + "-1", "5000.00", 200);
    JsonNode approval = escalate(caseId);

    var noSummary = api.completeTask(approval.path("id").asText(), "supervisor", Map.of("legalDecision", "APPROVE"));
    assertThat(noSummary.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.completeTask(approval.path("id").asText(), "supervisor", Map.of("legalDecision", "APPROVE",
        "documentsSummary", "Agreement, 12 statements, 3 reminder letters, call log")), HttpStatus.OK);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("PLACED_WITH_LEGAL");
    assertThat(jdbc.sql("select documents_summary from legal_placement where case_id = :id").param("id", caseId)
        .query(String.class).single()).startsWith("Agreement");
    assertThat(api.eventTypes(caseId)).containsSubsequence("LEGAL_PLACEMENT", "CASE_CLOSED");
  }

  @Test
  void refusedEscalationKeepsCollectingAndIsNotProposedAgain() {
    UUID caseId = api.importAccount(Api.unique("LEGALNO") + "-1", "5000.00", 200);
    JsonNode approval = escalate(caseId);

    api.body(api.completeTask(approval.path("id").asText(), "supervisor", Map.of("legalDecision", "REFUSE",
        "legalNotes", "Debtor recently re-employed")), HttpStatus.OK);

    api.awaitEvent(caseId, "REMINDER_SENT", 3);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P3D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    api.awaitEvent(caseId, "REMINDER_SENT", 4);
    assertThat(api.openTasks(caseId)).extracting(t -> t.path("elementId").asText())
        .doesNotContain("approve-legal-escalation");
    assertThat(jdbc.sql("select count(*) from legal_placement where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isZero();
  }

  @Test
  void aTimeBarredDebtIsNeverEscalatedAndItsLettersSaySo() throws Exception {
    // California, last payment six years ago: past the 4-year limitation (Cal. Code Civ. Proc. 337)
    String ref = Api.unique("BARRED") + "-1";
    String lastPayment = java.time.LocalDate.ofInstant(api.engineNow(), java.time.ZoneOffset.UTC).minusYears(6)
        .toString();
    String csv = Api.CSV_HEADER + ",lastPaymentDate\n" + String.join(",", ref, "Jane Doe", "+14155550123",
        "jane.doe@example.com", "\"1 Main St, Los Angeles, CA 90012\"", "America/Chicago", "US", "FLOW", "1000.00",
        "5000.00", "USD", "200", lastPayment) + "\n";
    api.body(api.post("/api/portfolios/import", csv, org.springframework.http.MediaType.parseMediaType("text/csv")),
        HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    JsonNode limitation = api.get("/api/cases/" + caseId + "/limitation");
    assertThat(limitation.path("timeBarred").asBoolean()).as(limitation.toString()).isTrue();
    assertThat(limitation.path("state").asText()).as("read from the address").isEqualTo("CA");
    assertThat(limitation.path("years").asInt()).isEqualTo(4);
    assertThat(limitation.path("runsFromWhat").asText()).isEqualTo("last payment");
    assertThat(limitation.path("expiresOn").asText()).isEqualTo(java.time.LocalDate.parse(lastPayment).plusYears(4)
        .toString());

    // the same two fruitless cycles that escalate a 200-DPD, 5,000 USD debt: no escalation, a third reminder
    for (int cycle = 1; cycle <= 2; cycle++) {
      api.awaitEvent(caseId, "REMINDER_SENT", cycle);
      JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P3D");
      api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    }
    api.awaitEvent(caseId, "REMINDER_SENT", 3);
    assertThat(api.openTasks(caseId)).extracting(t -> t.path("elementId").asText())
        .doesNotContain("approve-legal-escalation");
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");

    // its letters carry California's disclosure (Cal. Civ. Code 1788.14(d))
    JsonNode docs = api.get("/api/cases/" + caseId + "/documents");
    assertThat(docs.size()).isPositive();
    byte[] pdf = api.http().getForEntity("/api/cases/" + caseId + "/documents/" + docs.get(docs.size() - 1)
        .path("id").asText(), byte[].class).getBody();
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " "))
          .contains("Because of the age of your debt, we will not sue you for it.");
    }
  }

  @Test
  void complianceKeepsTheLimitationTable() {
    assertThat(api.get("/api/compliance/limitations").findValuesAsText("state")).contains("CA", "NY", "TX");
    JsonNode saved = api.body(api.put("/api/compliance/limitations/nv/any", "{\"years\":6,\"source\":\"Nev. Rev."
        + " Stat. 11.190(1)(b)\",\"disclosure\":null}"), HttpStatus.OK);
    assertThat(saved.path("state").asText()).isEqualTo("NV");
    assertThat(saved.path("years").asInt()).isEqualTo(6);
    for (String bad : new String[] {"{\"years\":0,\"source\":\"x\"}", "{\"years\":6}",
        "{\"years\":6,\"source\":\"a\\u0000b\"}", "[null]"}) {
      assertThat(api.put("/api/compliance/limitations/NV/ANY", bad).getStatusCode()).as(bad)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
    for (String state : new String[] {"NEVADA", "ZZ", "PR"}) {
      assertThat(api.put("/api/compliance/limitations/" + state + "/ANY", "{\"years\":6,\"source\":\"x\"}")
          .getStatusCode()).as(state).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(api.put("/api/compliance/limitations/NV/ANY", "{\"years\":\"6\",\"source\":\"x\"}")
        .getStatusCode()).as("a number, not text").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.as("agent").put("/api/compliance/limitations/NV/ANY", "{\"years\":6,\"source\":\"x\"}")
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
