package io.recoverly.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * An external id names one payment, and no money is silently dropped (issue 17, findings 8 and 15): the same id and
 * amount for another case used to answer 200 duplicate with the first case's receipt (the second case got nothing);
 * what was paid beyond the balance, or on a closed case, vanished. Now the first is a 409, and the excess is a credit
 * on the case with a refund task for supervisors.
 */
class PaymentIdentityTest extends ApiTestSupport {

  @Test
  void theSameExternalIdForAnotherCaseIsAConflict() {
    UUID first = api.importAccount(Api.unique("PAYID") + "-1", "500.00");
    UUID second = api.importAccount(Api.unique("PAYID") + "-2", "500.00");
    String externalId = Api.unique("bank-tx");
    api.body(api.pay(first, "50.00", "USD", externalId), HttpStatus.CREATED);

    var other = api.pay(second, "50.00", "USD", externalId);

    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(api.read(other.getBody()).path("field").asText()).isEqualTo("externalId");
    assertThat(api.caseView(second).path("balance").decimalValue()).isEqualByComparingTo("500.00");
    // the real repeat is still recognised
    assertThat(api.body(api.pay(first, "50.00", "USD", externalId), HttpStatus.OK).path("duplicate").asBoolean())
        .isTrue();
  }

  @Test
  void moneyBeyondTheBalanceIsACreditWithARefundTaskForSupervisors() {
    UUID caseId = api.importAccount(Api.unique("OVERPAY") + "-1", "300.00");

    JsonNode receipt = api.body(api.pay(caseId, "350.00", "USD", Api.unique("over")), HttpStatus.CREATED);

    assertThat(receipt.path("balanceAfter").decimalValue()).isEqualByComparingTo("0");
    assertThat(receipt.path("credit").decimalValue()).isEqualByComparingTo("50.00");
    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    JsonNode refund = api.awaitOpenTask(caseId, "refund-credit");
    assertThat(refund.path("candidateGroups").toString()).contains("supervisors");
    assertThat(api.as("agent").get("/api/cases/" + caseId + "/context").path("openTasks")).isEmpty();
    JsonNode context = api.as("supervisor").get("/api/cases/" + caseId + "/context");
    assertThat(context.path("credits").get(0).path("amount").decimalValue()).isEqualByComparingTo("50.00");
    assertThat(context.path("credits").get(0).path("state").asText()).isEqualTo("OPEN");

    // a payment on the closed case: all of it is a credit; the balance and the case do not move
    JsonNode late = api.body(api.pay(caseId, "20.00", "USD", Api.unique("late")), HttpStatus.CREATED);
    assertThat(late.path("credit").decimalValue()).isEqualByComparingTo("20.00");
    assertThat(api.caseView(caseId).path("status").asText()).isEqualTo("CLOSED");
    await().atMost(Duration.ofSeconds(30)).until(() -> api.openTasks(caseId).size() == 2);

    // the supervisor refunds the first one with the transfer's reference
    api.body(api.completeTask(refund.path("id").asText(), "supervisor", Map.of("creditDecision", "REFUNDED",
        "creditReference", "SEPA-2026-0042")), HttpStatus.OK);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.count(caseId, "CREDIT_REFUNDED") == 1);
    JsonNode settled = api.as("supervisor").get("/api/cases/" + caseId + "/context").path("credits");
    assertThat(settled.findValuesAsText("state")).containsExactlyInAnyOrder("REFUNDED", "OPEN");
    assertThat(settled.findValuesAsText("settledBy")).contains("supervisor");
  }

  @Test
  void paymentsPostedInParallelApplyOneAfterTheOtherAndTheExcessIsKept() throws Exception {
    UUID caseId = api.importAccount(Api.unique("PARALLEL") + "-1", "100.00");
    List<Callable<Integer>> payers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = Api.unique("par");
      payers.add(() -> api.pay(caseId, "60.00", "USD", id).getStatusCode().value());
    }
    List<Integer> statuses = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(4)) {
      for (Future<Integer> f : pool.invokeAll(payers)) {
        statuses.add(f.get());
      }
    }
    assertThat(statuses).containsOnly(201);
    // 240 paid on a balance of 100: the balance is 0 and 140 is on record as credits, nothing lost
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("0");
    assertThat(jdbc.sql("select coalesce(sum(amount), 0) from account_credit where case_id = :id").param("id", caseId)
        .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("140.00");
    assertThat(jdbc.sql("select sum(amount - credited_amount) from payment where case_id = :id").param("id", caseId)
        .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("100.00");
  }
}
