package io.recoverly.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class DisputeFlowTest extends ApiTestSupport {

  private JsonNode raise(UUID caseId, String reason) {
    return api.body(api.post("/api/cases/" + caseId + "/disputes",
        "{\"reason\":\"" + reason + "\",\"details\":\"I never had this card\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
  }

  private long outbox(UUID caseId) {
    return jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", caseId)
        .query(Long.class).single();
  }

  @Test
  void aRejectedDisputePausesAllContactUntilReviewedThenContactResumes() {
    UUID caseId = api.importAccount(Api.unique("DISPREJ") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");

    JsonNode dispute = raise(caseId, "NOT_MY_DEBT");
    assertThat(dispute.path("state").asText()).isEqualTo("OPEN");
    assertThat(dispute.path("pausedStage").asText()).isEqualTo("CONTACT");
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("DISPUTE");
    JsonNode review = api.awaitOpenTask(caseId, "review-dispute");
    assertThat(review.path("candidateGroups").toString()).isEqualTo("[\"disputes\"]");
    // the agent's call task is gone and a second dispute is refused
    assertThat(api.get("/api/tasks/" + call.path("id").asText()).path("task").path("state").asText()).isEqualTo("CANCELED");
    assertThat(api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"OTHER\"}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    // while it is open, time passes and nothing reaches the debtor
    long sent = outbox(caseId);
    api.advanceClock("P12D");
    sleep(1500);
    assertThat(outbox(caseId)).isEqualTo(sent);
    assertThat(api.openTasks(caseId)).extracting(t -> t.path("elementId").asText()).containsOnly("review-dispute");

    var tooShort = api.completeTask(review.path("id").asText(), "compliance",
        Map.of("disputeDecision", "REJECTED", "disputeResolution", "no"));
    assertThat(tooShort.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.completeTask(review.path("id").asText(), "compliance",
        Map.of("disputeDecision", "REJECTED", "disputeResolution", "Signed agreement and statements on file.")),
        HttpStatus.OK);

    // the verification goes out first, as a letter kept with the case (12 CFR 1006.38(d)(2)(i)); then contact
    // resumes where it paused: the contact stage, from its first step
    api.awaitEvent(caseId, "DISPUTE_VERIFICATION_SENT", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(outbox(caseId)).as("the verification and the reminder").isEqualTo(sent + 2);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");
    // (REMINDER_SENT marks the reminder's queuing: the relay hands it over only after the verification, below)
    assertThat(api.eventTypes(caseId)).containsSubsequence("DISPUTE_RAISED", "DISPUTE_REJECTED",
        "DISPUTE_VERIFICATION_QUEUED", "DISPUTE_VERIFICATION_SENT");
    java.sql.Timestamp resolvedAt = java.sql.Timestamp.from(java.time.Instant.parse(
        api.get("/api/cases/" + caseId + "/context").path("disputes").get(0).path("resolvedAt").asText()));
    // the reminder queued after the decision is handed over once the verification is
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql("""
            select count(*) from outbound_message where case_id = :id and template = 'payment-reminder'
               and status = 'SENT' and sent_at > :resolvedAt
            """).param("id", caseId).param("resolvedAt", resolvedAt).query(Long.class).single() > 0);
    assertThat(jdbc.sql("""
            select bool_and(r.sent_at >= v.sent_at) from outbound_message r, outbound_message v
             where r.case_id = :id and v.case_id = :id and v.template = 'dispute-verification' and v.status = 'SENT'
               and r.template = 'payment-reminder' and r.sent_at > :resolvedAt
            """).param("id", caseId).param("resolvedAt", resolvedAt)
        .query(Boolean.class).single()).as("no reminder handed over before the verification").isTrue();
    JsonNode verified = api.get("/api/cases/" + caseId + "/context").path("disputes").get(0);
    assertThat(verified.path("verificationStatus").asText()).isEqualTo("SENT");
    JsonNode docs = api.get("/api/cases/" + caseId + "/documents");
    assertThat(docs.findValuesAsText("kind")).contains("dispute-verification");

    // the same dispute again is recognised as a repeat of the verified one; an original-creditor request is a reason
    JsonNode again = raise(caseId, "NOT_MY_DEBT");
    assertThat(again.path("repeatOf").asText()).isEqualTo(verified.path("id").asText());
    assertThat(api.get("/api/cases/" + caseId + "/timeline").toString()).contains("repeats a dispute already verified");
  }

  @Test
  void anOriginalCreditorRequestStopsCollectionUntilTheNameIsSent() {
    UUID caseId = api.importAccount(Api.unique("DISPOC") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode request = raise(caseId, "ORIGINAL_CREDITOR");
    assertThat(request.path("reason").asText()).isEqualTo("ORIGINAL_CREDITOR");
    JsonNode review = api.awaitOpenTask(caseId, "review-dispute");
    api.body(api.completeTask(review.path("id").asText(), "compliance", Map.of("disputeDecision", "REJECTED",
        "disputeResolution", "Original creditor confirmed from the placement file.")), HttpStatus.OK);
    api.awaitEvent(caseId, "DISPUTE_VERIFICATION_SENT", 1);
    JsonNode docs = api.get("/api/cases/" + caseId + "/documents");
    String id = docs.get(0).path("id").asText();
    assertThat(docs.get(0).path("kind").asText()).isEqualTo("dispute-verification");
    byte[] pdf = api.http().getForEntity("/api/cases/" + caseId + "/documents/" + id, byte[].class).getBody();
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " "))
          .contains("the original creditor: Own book").contains("This is a communication from a debt collector.");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPartlyUpheldDisputeCorrectsTheBalanceAndCollectionResumes() {
    UUID caseId = api.importAccount(Api.unique("DISPADJ") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    raise(caseId, "WRONG_AMOUNT");
    JsonNode review = api.awaitOpenTask(caseId, "review-dispute");

    assertThat(api.completeTask(review.path("id").asText(), "compliance", Map.of("disputeDecision", "ADJUSTED",
        "disputeResolution", "Late fees charged twice")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.completeTask(review.path("id").asText(), "compliance", Map.of("disputeDecision", "ADJUSTED",
        "adjustedBalance", "320.00", "disputeResolution", "Late fees charged twice")), HttpStatus.OK);

    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("320.00");
    assertThat(api.caseView(caseId).path("status").asText()).isEqualTo("OPEN");
    assertThat(api.eventTypes(caseId)).contains("DISPUTE_ADJUSTED");
  }

  @Test
  void anUpheldDisputeClosesTheCase() {
    UUID caseId = api.importAccount(Api.unique("DISPUP") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);

    raise(caseId, "ALREADY_PAID");
    JsonNode review = api.awaitOpenTask(caseId, "review-dispute");
    api.body(api.completeTask(review.path("id").asText(), "compliance",
        Map.of("disputeDecision", "UPHELD", "disputeResolution", "Payment found on the old account.")), HttpStatus.OK);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("DISPUTE_UPHELD");
    assertThat(jdbc.sql("select state from dispute where case_id = :id").param("id", caseId).query(String.class)
        .single()).isEqualTo("UPHELD");
  }

  @Test
  void aDisputeTheAgentRecordsOnACallGoesToReview() {
    UUID caseId = api.importAccount(Api.unique("DISPCALL") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");

    api.body(api.completeTask(call.path("id").asText(), "agent",
        Map.of("callOutcome", "DISPUTE", "callNotes", "Says the amount is wrong")), HttpStatus.OK);

    api.awaitOpenTask(caseId, "review-dispute");
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("DISPUTE");
    assertThat(jdbc.sql("select details from dispute where case_id = :id and state = 'OPEN'").param("id", caseId)
        .query(String.class).single()).isEqualTo("Says the amount is wrong");
  }

  @Test
  void badDisputesAreRefused() {
    UUID caseId = api.importAccount(Api.unique("DISPBAD") + "-1", "500.00");
    assertThat(api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"BORED\"}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.post("/api/cases/" + UUID.randomUUID() + "/disputes", "{\"reason\":\"OTHER\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(jdbc.sql("select count(*) from dispute where case_id = :id").param("id", caseId).query(Long.class)
        .single()).isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
