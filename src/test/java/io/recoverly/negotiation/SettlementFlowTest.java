package io.recoverly.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Settlement offers against DMN settlement-approval: agent limit, supervisor approval, policy limit, due date. */
class SettlementFlowTest extends ApiTestSupport {

  /** A 500.00 USD case whose debtor offers {@code amount} on the first call. */
  private UUID offer(String tag, String amount) {
    UUID caseId = api.importAccount(Api.unique(tag) + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    var missingAmount = api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "SETTLEMENT_REQUESTED"));
    assertThat(missingAmount.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.completeTask(call.path("id").asText(), "agent",
        Map.of("callOutcome", "SETTLEMENT_REQUESTED", "settlementAmount", amount)), HttpStatus.OK);
    return caseId;
  }

  /**
   * A lender's tighter limit (the DMN's creditor input): 8 % off, within an agent's own 10 %, needs a supervisor on an
   * Asha Finance account, whose agents may give 5 %.
   */
  @Test
  void aCreditorsTighterLimitSendsASmallerDiscountToASupervisor() {
    String ref = Api.unique("SETASHA") + "-1";
    String csv = Api.CSV_HEADER + ",creditor\n" + String.join(",", ref, "Jane Doe", "+14155550123",
        "jane.doe@example.com", "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", "FLOW", "1000.00", "500.00",
        "USD", "20", "Asha Finance") + "\n";
    api.body(api.post("/api/portfolios/import", csv, org.springframework.http.MediaType.parseMediaType("text/csv")),
        HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent",
        Map.of("callOutcome", "SETTLEMENT_REQUESTED", "settlementAmount", "460.00")), HttpStatus.OK);

    JsonNode approval = api.awaitOpenTask(caseId, "approve-settlement");
    JsonNode data = api.get("/api/tasks/" + approval.path("id").asText()).path("data");
    assertThat(data.path("settlementApproval").path("agentLimit").asText()).contains("5 %").contains("Asha Finance");
  }

  private String state(UUID caseId) {
    return jdbc.sql("select state from settlement where case_id = :id order by decided_at desc limit 1")
        .param("id", caseId).query(String.class).single();
  }

  @Test
  void withinTheAgentsLimitTheSettlementIsAgreedAndItsPaymentClosesTheCaseAsSettled() {
    UUID caseId = offer("SETAGENT", "460.00");

    api.awaitEvent(caseId, "SETTLEMENT_AGREED", 1);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("NEGOTIATION");
    assertThat(api.openTasks(caseId)).isEmpty();

    api.body(api.pay(caseId, "460.00", "USD", Api.unique("settle")), HttpStatus.CREATED);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    JsonNode closed = api.caseView(caseId);
    assertThat(closed.path("outcome").asText()).isEqualTo("SETTLED");
    assertThat(closed.path("balance").decimalValue()).isEqualByComparingTo("40.00");
    assertThat(state(caseId)).isEqualTo("PAID");
  }

  @Test
  void aLargerDiscountNeedsASupervisorAndAnUnpaidSettlementBreaksAtItsDueDate() {
    UUID caseId = offer("SETSUPER", "350.00");

    JsonNode approval = api.awaitOpenTask(caseId, "approve-settlement");
    assertThat(approval.path("candidateGroups").toString()).isEqualTo("[\"supervisors\"]");
    // the approver sees what they decide on: the offer, the balance, the rule that sent it up and the agent's limit
    // (the variables the form's text names, and only those)
    JsonNode data = api.get("/api/tasks/" + approval.path("id").asText()).path("data");
    assertThat(data.path("settlementAmount").decimalValue()).isEqualByComparingTo("350.00");
    assertThat(data.path("currentBalance").decimalValue()).isPositive();
    assertThat(data.path("currency").asText()).isEqualTo("USD");
    assertThat(data.path("settlementApproval").path("limit").asText()).contains("supervisor");
    assertThat(data.path("settlementApproval").path("agentLimit").asText()).contains("10 %");
    assertThat(data.has("caseId")).as("nothing the form does not show").isFalse();
    api.body(api.completeTask(approval.path("id").asText(), "supervisor", Map.of("settlementDecision", "APPROVE")),
        HttpStatus.OK);
    api.awaitEvent(caseId, "SETTLEMENT_AGREED", 1);
    long reminders = api.count(caseId, "REMINDER_SENT");

    api.advanceClock("P15D");

    api.awaitEvent(caseId, "SETTLEMENT_BROKEN", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", (int) reminders + 1);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");
    assertThat(state(caseId)).isEqualTo("BROKEN");
  }

  @Test
  void beyondPolicyOrRefusedTheOfferIsDeclinedAndContactContinues() {
    UUID beyond = offer("SETPOLICY", "200.00");
    api.awaitEvent(beyond, "SETTLEMENT_DECLINED", 1);
    assertThat(state(beyond)).isEqualTo("DECLINED");
    api.awaitEvent(beyond, "REMINDER_SENT", 2);
    assertThat(api.eventTypes(beyond).stream().filter(t -> t.startsWith("TASK_CREATED")).count()).isEqualTo(1);

    UUID refused = offer("SETREFUSE", "350.00");
    JsonNode approval = api.awaitOpenTask(refused, "approve-settlement");
    api.body(api.completeTask(approval.path("id").asText(), "supervisor",
        Map.of("settlementDecision", "REFUSE", "settlementNotes", "Debtor can pay more")), HttpStatus.OK);
    api.awaitEvent(refused, "SETTLEMENT_DECLINED", 1);
    api.awaitEvent(refused, "REMINDER_SENT", 2);
    assertThat(jdbc.sql("select reason from settlement where case_id = :id").param("id", refused).query(String.class)
        .single()).contains("refused by supervisors").contains("Debtor can pay more");
  }
}
