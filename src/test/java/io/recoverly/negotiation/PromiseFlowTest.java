package io.recoverly.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Promise to pay on the real engine: kept and broken, and broken promises feeding the segmentation. */
class PromiseFlowTest extends ApiTestSupport {

  private LocalDate engineToday() {
    return LocalDate.ofInstant(Instant.parse(api.get("/api/dev/clock").path("now").asText()), ZoneOffset.UTC);
  }

  /** Waits for the agent's call task and records a promise of {@code amount} due in three days. */
  private void promise(UUID caseId, int callNumber, String amount) {
    api.awaitEvent(caseId, "REMINDER_SENT", callNumber);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "PROMISE_TO_PAY",
        "promiseAmount", amount, "promiseDate", engineToday().plusDays(3).toString())), HttpStatus.OK);
    api.awaitEvent(caseId, "PROMISE_MADE", callNumber);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.caseView(caseId).path("stage").asText().equals("NEGOTIATION"));
  }

  @Test
  void aKeptPromiseReturnsTheCaseToContactForTheRestOfTheBalance() {
    UUID caseId = api.importAccount(Api.unique("PTPKEPT") + "-1", "500.00");
    promise(caseId, 1, "200.00");
    // no reminder while the promise runs
    long reminders = api.count(caseId, "REMINDER_SENT");

    api.body(api.pay(caseId, "200.00", "USD", Api.unique("ptp")), HttpStatus.CREATED);
    api.advanceClock("P2D");
    assertThat(api.count(caseId, "PROMISE_KEPT")).isZero();
    api.advanceClock("P2D");

    api.awaitEvent(caseId, "PROMISE_KEPT", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", (int) reminders + 1);
    JsonNode view = api.caseView(caseId);
    assertThat(view.path("stage").asText()).isEqualTo("CONTACT");
    assertThat(view.path("balance").decimalValue()).isEqualByComparingTo("300.00");
    assertThat(api.eventTypes(caseId)).containsSubsequence("PROMISE_MADE", "PAYMENT_RECEIVED", "PROMISE_KEPT",
        "STAGE_ENTERED", "REMINDER_SENT");
  }

  @Test
  void brokenPromisesReEnterContactAndTwoMakeTheStrategyHard() {
    UUID caseId = api.importAccount(Api.unique("PTPBROKEN") + "-1", "500.00");
    assertThat(waitForStrategy(caseId)).isEqualTo("gentle");

    promise(caseId, 1, "100.00");
    api.advanceClock("P4D");
    api.awaitEvent(caseId, "PROMISE_BROKEN", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");

    promise(caseId, 2, "100.00");
    api.advanceClock("P4D");
    api.awaitEvent(caseId, "PROMISE_BROKEN", 2);
    api.awaitEvent(caseId, "REMINDER_SENT", 3);
    // segmentation ran again with two broken promises: the chronic-breaker rule
    JsonNode strategy = api.caseView(caseId).path("strategy");
    assertThat(strategy.path("name").asText()).isEqualTo("hard");
    assertThat(strategy.path("firstChannel").asText()).isEqualTo("CALL");
    assertThat(strategy.path("cadence").asText()).isEqualTo("P2D");
  }

  /** The black-box scenario of the lifecycle issue, through the API only. */
  @Test
  void promiseThenPaymentInFullClosesTheCaseAsPaid() {
    UUID caseId = api.importAccount(Api.unique("SCENARIO") + "-1", "750.00");
    promise(caseId, 1, "750.00");
    assertThat(api.eventTypes(caseId)).containsSubsequence("CASE_OPENED", "PROCESS_STARTED", "STAGE_ENTERED",
        "REMINDER_SENT", "TASK_CREATED", "TASK_COMPLETED", "STAGE_ENTERED", "PROMISE_MADE");

    api.body(api.pay(caseId, "750.00", "USD", Api.unique("scenario")), HttpStatus.CREATED);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    JsonNode closed = api.caseView(caseId);
    assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("outcome").asText()).isEqualTo("PAID_IN_FULL");
    assertThat(api.openTasks(caseId)).isEmpty();
  }

  @Test
  void segmentationSeesDaysPastDueGrowWithTheClock() {
    // 85 DPD at import: 'firm'; segmented again after a broken promise some 14 days later: over 90, 'hard'
    UUID caseId = api.importAccount(Api.unique("DPDGROWS") + "-1", "500.00", 85);
    assertThat(waitForStrategy(caseId)).isEqualTo("firm");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P3D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "PROMISE_TO_PAY",
        "promiseAmount", "100.00", "promiseDate", engineToday().plusDays(5).toString())), HttpStatus.OK);
    api.awaitEvent(caseId, "PROMISE_MADE", 1);
    api.advanceClock("P7D");
    api.awaitEvent(caseId, "PROMISE_BROKEN", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    JsonNode strategy = api.caseView(caseId).path("strategy");
    assertThat(api.caseView(caseId).path("dpd").asInt()).isGreaterThan(90);
    assertThat(strategy.path("name").asText()).isEqualTo("hard");
    assertThat(strategy.path("firstChannel").asText()).isEqualTo("LETTER");
  }

  private String waitForStrategy(UUID caseId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> api.caseView(caseId).path("strategy").has("name"));
    return api.caseView(caseId).path("strategy").path("name").asText();
  }
}
