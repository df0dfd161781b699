package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Wrong numbers go to verification and, when the address is confirmed, to a field visit; every attempt is recorded. */
class ContactPathTest extends ApiTestSupport {

  private JsonNode wrongNumber(UUID caseId) {
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "WRONG_NUMBER",
        "callNotes", "Answered by a restaurant")), HttpStatus.OK);
    return api.awaitOpenTask(caseId, "verify-debtor-details");
  }

  @Test
  void newDetailsFoundByVerificationAreUsedForTheNextReminder() {
    UUID caseId = api.importAccount(Api.unique("VERIFY") + "-1", "500.00");
    JsonNode verify = wrongNumber(caseId);
    // details nobody could be reached at are refused, by the import's rules: no digits, an invisible character
    for (Map<String, Object> unusable : List.<Map<String, Object>>of(Map.of("newPhone", "((( )))-"),
        Map.of("newEmail", "jane@example.org\u200b"), Map.of("newPhone", "12"))) {
      Map<String, Object> submission = new java.util.HashMap<>(unusable);
      submission.put("verificationResult", "CONTACT_UPDATED");
      submission.put("verificationNotes", "Credit bureau refresh");
      var refused = api.completeTask(verify.path("id").asText(), "agent", submission);
      assertThat(refused.getStatusCode()).as(unusable.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).contains(unusable.keySet().iterator().next());
    }

    api.body(api.completeTask(verify.path("id").asText(), "agent", Map.of("verificationResult", "CONTACT_UPDATED",
        "newPhone", "+1 (415) 555-0199", "newEmail", "jane.new@example.org", "verificationNotes", "Credit bureau refresh")),
        HttpStatus.OK);

    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.eventTypes(caseId)).contains("DEBTOR_DETAILS_UPDATED");
    // the second cycle writes by email, to the new address
    assertThat(jdbc.sql("select recipient from outbound_message where case_id = :id order by id desc limit 1")
        .param("id", caseId).query(String.class).single()).isEqualTo("jane.new@example.org");
    assertThat(api.caseView(caseId).path("debtor").path("phone").asText()).endsWith("0199").doesNotContain("555");

    List<String> attempts = new ArrayList<>();
    api.get("/api/cases/" + caseId + "/contacts")
        .forEach(a -> attempts.add(a.path("channel").asText() + ":" + a.path("outcome").asText()));
    // the validation notice (by letter) is queued with the first reminder, which the relay hands over after it
    assertThat(attempts).containsExactly("LETTER:QUEUED", "SMS:SENT", "CALL:WRONG_NUMBER", "EMAIL:SENT");
    JsonNode first = api.get("/api/cases/" + caseId + "/contacts").get(1);
    assertThat(first.path("guardAllowed").asBoolean()).isTrue();
    assertThat(first.path("guardRule").asText()).isEqualTo("ALLOW");
  }

  @Test
  void aConfirmedAddressSendsAFieldAgentWhoseIdentityIsRecorded() {
    UUID caseId = api.importAccount(Api.unique("VISIT") + "-1", "500.00");
    JsonNode verify = wrongNumber(caseId);
    api.body(api.completeTask(verify.path("id").asText(), "agent", Map.of("verificationResult", "FIELD_VISIT",
        "verificationNotes", "Utility records confirm the address")), HttpStatus.OK);

    JsonNode visit = api.awaitOpenTask(caseId, "field-visit");
    assertThat(visit.path("candidateGroups").toString()).isEqualTo("[\"field-agents\"]");
    var noId = api.completeTask(visit.path("id").asText(), "field-agent", Map.of("visitOutcome", "NOT_HOME"));
    assertThat(noId.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.completeTask(visit.path("id").asText(), "field-agent", Map.of("visitOutcome", "NOT_HOME",
        "visitAgentId", "RA-2291", "visitNotes", "Neighbour says weekends")), HttpStatus.OK);

    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    JsonNode attempts = api.get("/api/cases/" + caseId + "/contacts");
    JsonNode visitAttempt = attempts.get(3); // after the validation notice, the SMS and the call
    assertThat(visitAttempt.path("channel").asText()).isEqualTo("VISIT");
    assertThat(visitAttempt.path("outcome").asText()).isEqualTo("NOT_HOME");
    assertThat(visitAttempt.path("agent").asText()).isEqualTo("field-agent");
    assertThat(visitAttempt.path("notes").asText()).contains("RA-2291");
  }

  private JsonNode fieldVisit(UUID caseId) {
    JsonNode verify = wrongNumber(caseId);
    api.body(api.completeTask(verify.path("id").asText(), "agent", Map.of("verificationResult", "FIELD_VISIT",
        "verificationNotes", "Utility records confirm the address")), HttpStatus.OK);
    return api.awaitOpenTask(caseId, "field-visit");
  }

  private java.time.LocalDate engineToday() {
    return java.time.LocalDate.ofInstant(java.time.Instant.parse(api.get("/api/dev/clock").path("now").asText()),
        java.time.ZoneOffset.UTC);
  }

  @Test
  void aPromiseMadeToTheFieldAgentGoesToNegotiation() {
    UUID caseId = api.importAccount(Api.unique("VISITPTP") + "-1", "500.00");
    String visit = fieldVisit(caseId).path("id").asText();
    // the domain's rules as on a call: not beyond the balance
    var tooMuch = api.completeTask(visit, "field-agent", Map.of("visitOutcome", "PROMISE_TO_PAY",
        "visitAgentId", "RA-2291", "promiseAmount", "900.00", "promiseDate", engineToday().plusDays(4).toString()));
    assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooMuch.getBody()).contains("promiseAmount");
    api.body(api.completeTask(visit, "field-agent", Map.of("visitOutcome", "PROMISE_TO_PAY", "visitAgentId",
        "RA-2291", "promiseAmount", "200.00", "promiseDate", engineToday().plusDays(4).toString())), HttpStatus.OK);

    api.awaitEvent(caseId, "PROMISE_MADE", 1);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("NEGOTIATION");
    JsonNode attempts = api.get("/api/cases/" + caseId + "/contacts");
    assertThat(attempts.get(attempts.size() - 1).path("outcome").asText()).isEqualTo("PROMISE_TO_PAY");
    assertThat(attempts.get(attempts.size() - 1).path("channel").asText()).isEqualTo("VISIT");
  }

  @Test
  void moneyCollectedAtTheDoorIsAPaymentUnderItsReceipt() {
    UUID caseId = api.importAccount(Api.unique("VISITPAY") + "-1", "500.00");
    String visit = fieldVisit(caseId).path("id").asText();
    var beyond = api.completeTask(visit, "field-agent", Map.of("visitOutcome", "PAYMENT_COLLECTED",
        "visitAgentId", "RA-2291", "collectedAmount", "500.01", "receiptNumber", "R-1001"));
    assertThat(beyond.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(beyond.getBody()).contains("collectedAmount").contains("at most the balance");
    var noReceipt = api.completeTask(visit, "field-agent", Map.of("visitOutcome", "PAYMENT_COLLECTED",
        "visitAgentId", "RA-2291", "collectedAmount", "120.00"));
    assertThat(noReceipt.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReceipt.getBody()).contains("receiptNumber");
    assertThat(jdbc.sql("select count(*) from payment where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isZero();

    String receipt = "R-" + UUID.randomUUID().toString().substring(0, 8);
    api.body(api.completeTask(visit, "field-agent", Map.of("visitOutcome", "PAYMENT_COLLECTED", "visitAgentId",
        "RA-2291", "collectedAmount", "120.00", "receiptNumber", receipt)), HttpStatus.OK);
    api.awaitEvent(caseId, "PAYMENT_RECEIVED", 1);
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("380.00");
    // under its receipt, credited to the field agent who collected it (a right-party contact)
    assertThat(jdbc.sql("select external_id || ' ' || credited_to from payment where case_id = :id")
        .param("id", caseId).query(String.class).single()).isEqualTo("field-receipt:" + receipt + " field-agent");

    // the same receipt on another case's visit is refused: one receipt, one payment
    UUID other = api.importAccount(Api.unique("VISITPAY") + "-2", "500.00");
    String otherVisit = fieldVisit(other).path("id").asText();
    var reused = api.completeTask(otherVisit, "field-agent", Map.of("visitOutcome", "PAYMENT_COLLECTED",
        "visitAgentId", "RA-2291", "collectedAmount", "120.00", "receiptNumber", receipt));
    assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(reused.getBody()).contains("receiptNumber").contains("already recorded");
  }
}
