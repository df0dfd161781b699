package io.recoverly.plans;

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

/** Payment plans on the real engine: installments checked after their grace period, completed or broken. */
class PaymentPlanFlowTest extends ApiTestSupport {

  private LocalDate engineToday() {
    return LocalDate.ofInstant(Instant.parse(api.get("/api/dev/clock").path("now").asText()), ZoneOffset.UTC);
  }

  private UUID plan(String tag, int installments, String frequency, int firstDueInDays) {
    UUID caseId = api.importAccount(Api.unique(tag) + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "PLAN_REQUESTED",
        "planInstallments", installments, "planFrequency", frequency,
        "planFirstDueDate", engineToday().plusDays(firstDueInDays).toString())), HttpStatus.OK);
    api.awaitEvent(caseId, "PLAN_AGREED", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.caseView(caseId).path("stage").asText().equals("MONITORING"));
    return caseId;
  }

  @Test
  void aPlanPaidInstallmentByInstallmentClosesTheCaseAsPlanCompleted() {
    UUID caseId = plan("PLANOK", 2, "MONTHLY", 5);
    assertThat(jdbc.sql("select amount from installment i join payment_plan p on p.id = i.plan_id"
            + " where p.case_id = :id order by seq").param("id", caseId).query(java.math.BigDecimal.class).list())
        .extracting(java.math.BigDecimal::toPlainString).containsExactly("250.00", "250.00");

    api.body(api.pay(caseId, "250.00", "USD", Api.unique("inst")), HttpStatus.CREATED);
    api.advanceClock("P9D");
    api.awaitEvent(caseId, "INSTALLMENT_PAID", 1);
    assertThat(api.caseView(caseId).path("status").asText()).isEqualTo("OPEN");

    api.body(api.pay(caseId, "250.00", "USD", Api.unique("inst")), HttpStatus.CREATED);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("PLAN_COMPLETED");
    assertThat(jdbc.sql("select state from payment_plan where case_id = :id").param("id", caseId)
        .query(String.class).single()).isEqualTo("COMPLETED");
  }

  @Test
  void missedInstallmentsAreRemindedAndTwoBreakThePlanBackToContact() {
    UUID caseId = plan("PLANBROKEN", 3, "WEEKLY", 2);
    long reminders = api.count(caseId, "REMINDER_SENT");

    api.advanceClock("P6D");
    api.awaitEvent(caseId, "INSTALLMENT_MISSED", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", (int) reminders + 1);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("MONITORING");

    api.advanceClock("P7D");
    api.awaitEvent(caseId, "PLAN_BROKEN", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.caseView(caseId).path("stage").asText().equals("CONTACT"));
    assertThat(jdbc.sql("select state from payment_plan where case_id = :id").param("id", caseId)
        .query(String.class).single()).isEqualTo("BROKEN");
  }

  private JsonNode hardship(UUID caseId) {
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "HARDSHIP")), HttpStatus.OK);
    return api.awaitOpenTask(caseId, "assess-hardship");
  }

  @Test
  void aHardshipAssessmentTurnsTheMonthlySurplusIntoAnAffordablePlan() {
    UUID caseId = api.importAccount(Api.unique("HARDSHIP") + "-1", "500.00");
    JsonNode assessment = hardship(caseId);

    api.body(api.completeTask(assessment.path("id").asText(), "agent", Map.of("monthlyIncome", "3000",
        "monthlyExpenses", "2800", "hardshipReason", "REDUCED_INCOME",
        "planFirstDueDate", engineToday().plusDays(10).toString())), HttpStatus.OK);

    api.awaitEvent(caseId, "PLAN_AGREED", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.caseView(caseId).path("stage").asText().equals("MONITORING"));
    // half of a 200 surplus: 100 a month, so 5 monthly installments for 500
    assertThat(jdbc.sql("select installments from payment_plan where case_id = :id").param("id", caseId)
        .query(Integer.class).single()).isEqualTo(5);
  }

  @Test
  void withNothingAffordableThereIsNoPlanAndContactContinues() {
    UUID caseId = api.importAccount(Api.unique("NOSURPLUS") + "-1", "500.00");
    JsonNode assessment = hardship(caseId);

    api.body(api.completeTask(assessment.path("id").asText(), "agent", Map.of("monthlyIncome", "1500",
        "monthlyExpenses", "1600", "hardshipReason", "JOB_LOSS",
        "planFirstDueDate", engineToday().plusDays(10).toString())), HttpStatus.OK);

    api.awaitEvent(caseId, "HARDSHIP_ASSESSED", 1);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("CONTACT");
    assertThat(jdbc.sql("select count(*) from payment_plan where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isZero();
  }
}
