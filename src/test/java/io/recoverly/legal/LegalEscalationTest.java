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
}
