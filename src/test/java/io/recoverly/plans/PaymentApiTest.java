package io.recoverly.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class PaymentApiTest extends ApiTestSupport {

  @Test
  void aDuplicatePaymentIdIsCountedOnce() {
    UUID caseId = api.importAccount(Api.unique("PAYDUP") + "-1", "500.00");
    String externalId = Api.unique("bank-tx");

    JsonNode first = api.body(api.pay(caseId, "100.00", "USD", externalId), HttpStatus.CREATED);
    JsonNode again = api.body(api.pay(caseId, "100.00", "USD", externalId), HttpStatus.OK);

    assertThat(first.path("balanceAfter").decimalValue()).isEqualByComparingTo("400.00");
    assertThat(again.path("duplicate").asBoolean()).isTrue();
    assertThat(again.path("paymentId").asText()).isEqualTo(first.path("paymentId").asText());
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("400.00");
    assertThat(api.count(caseId, "PAYMENT_RECEIVED")).isEqualTo(1);
    // the same id for a different payment is a conflict, not a silent duplicate
    assertThat(api.pay(caseId, "99.00", "USD", externalId).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  /**
   * The payer's system posts the same payment from 8 threads at once: one is recorded (201); the others see it (200,
   * duplicate) or are told it is being recorded (409) and find it on their retry. The balance moves once.
   */
  @Test
  void theSamePaymentPostedConcurrentlyCountsOnce() throws Exception {
    UUID caseId = api.importAccount(Api.unique("PAYRACE") + "-1", "500.00");
    String externalId = Api.unique("bank-tx-race");
    int threads = 8;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<org.springframework.http.ResponseEntity<String>>>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return api.pay(caseId, "100.00", "USD", externalId);
        }));
      }
      start.countDown();
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      for (var answer : answers) {
        statuses.add(answer.get().getStatusCode().value());
      }
      // each answer is the new payment (once), its repeat, or "being recorded": which ones depends on the timing
      assertThat(statuses).allMatch(s -> s == 201 || s == 200 || s == 409);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    }
    // a payer told 409 retries and reads the one payment
    JsonNode retry = api.body(api.pay(caseId, "100.00", "USD", externalId), HttpStatus.OK);
    assertThat(retry.path("duplicate").asBoolean()).isTrue();
    assertThat(jdbc.sql("select count(*) from payment where external_id = :id").param("id", externalId)
        .query(Long.class).single()).isEqualTo(1);
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("400.00");
    assertThat(api.count(caseId, "PAYMENT_RECEIVED")).isEqualTo(1);
  }

  @Test
  void paymentByAccountRefAndBadInputWritesNothing() {
    String ref = Api.unique("PAYBAD") + "-1";
    UUID caseId = api.importAccount(ref, "500.00");

    var byRef = api.post("/api/payments", "{\"accountRef\":\"" + ref + "\",\"amount\":\"50.00\",\"currency\":\"USD\","
        + "\"externalId\":\"" + Api.unique("ref") + "\"}", MediaType.APPLICATION_JSON);
    assertThat(byRef.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    assertThat(api.post("/api/payments", "{\"accountRef\":\"NO-SUCH-ACCOUNT\",\"amount\":\"5\",\"currency\":\"USD\","
        + "\"externalId\":\"" + Api.unique("x") + "\"}", MediaType.APPLICATION_JSON).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.pay(caseId, "-5.00", "USD", Api.unique("neg")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.pay(caseId, "0", "USD", Api.unique("zero")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    var wrongCurrency = api.pay(caseId, "5.00", "INR", Api.unique("inr"));
    assertThat(wrongCurrency.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.read(wrongCurrency.getBody()).path("field").asText()).isEqualTo("currency");
    assertThat(api.pay(caseId, "5.001", "USD", Api.unique("cents")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.post("/api/payments", "{\"amount\":\"5\",\"currency\":\"USD\",\"externalId\":\"x\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("450.00");
    assertThat(jdbc.sql("select count(*) from payment where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void paymentInFullClosesTheCaseWhileItWaitsForAnAgent() {
    UUID caseId = api.importAccount(Api.unique("PAYCALL") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");

    JsonNode receipt = api.body(api.pay(caseId, "600.00", "USD", Api.unique("over")), HttpStatus.CREATED);

    assertThat(receipt.path("paidInFull").asBoolean()).isTrue();
    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("PAID_IN_FULL");
    // the agent's call task left the inbox with the case
    assertThat(api.get("/api/tasks/" + call.path("id").asText()).path("task").path("state").asText())
        .isEqualTo("CANCELED");
    // the agent who was on the call records it all the same: it is on record, once, and the closed case stays closed
    JsonNode late = api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")),
        HttpStatus.OK);
    assertThat(late.path("state").asText()).isEqualTo("CANCELED");
    assertThat(api.eventTypes(caseId)).contains("TASK_OUTCOME_RECORDED");
    assertThat(jdbc.sql("select count(*) from contact_attempt where case_id = :id and channel = 'CALL'")
        .param("id", caseId).query(Long.class).single()).isOne();
    assertThat(jdbc.sql("select count(*) from engine_command where reference = :ref")
        .param("ref", "task:" + call.path("id").asText()).query(Long.class).single()).isZero();
    assertThat(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER"))
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }
}
