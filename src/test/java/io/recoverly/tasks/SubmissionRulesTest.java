package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A submission is checked against the domain's rules, not only the form's, before anything is recorded (issue 17,
 * findings 2 and 3): what the process cannot hold is a 400 naming the field, the task stays open, and nothing reaches
 * the engine. Before, a promise of 1e20 or for the year 99999 raised an incident, one for 1900 left the case waiting
 * forever, and a corrected balance of 999999.999 multiplied the balance by a thousand.
 */
class SubmissionRulesTest extends ApiTestSupport {

  private UUID caseId;

  private String callTask(String balance) {
    caseId = api.importAccount(Api.unique("RULES") + "-1", balance);
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    return api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
  }

  @Test
  void promisesSettlementsAndPlansTheProcessCannotHoldAreRefused() {
    String task = callTask("1000.00");
    String soon = api.debtorDate(10);

    refused(task, promise(1e20, soon), "promiseAmount");
    refused(task, promise("1000.01", soon), "promiseAmount"); // more than the balance
    refused(task, promise("10.001", soon), "promiseAmount"); // fractions of a cent
    refused(task, promise("-5", soon), "promiseAmount");
    refused(task, promise("100", "+99999-01-01"), "promiseDate");
    refused(task, promise("100", "1900-01-01"), "promiseDate");
    refused(task, promise("100", api.debtorDate(-1)), "promiseDate"); // yesterday
    refused(task, promise("100", api.debtorDate(91)), "promiseDate");
    refused(task, Map.of("callOutcome", "SETTLEMENT_REQUESTED", "settlementAmount", "1500"), "settlementAmount");
    refused(task, Map.of("callOutcome", "PLAN_REQUESTED", "planInstallments", 2.5, "planFrequency", "MONTHLY",
        "planFirstDueDate", soon), "planInstallments");
    refused(task, Map.of("callOutcome", "PLAN_REQUESTED", "planInstallments", 6, "planFrequency", "MONTHLY",
        "planFirstDueDate", "2999-01-01"), "planFirstDueDate");
    refused(task, Map.of("callOutcome", "NO_ANSWER", "callNotes", Map.of("not", "text")), "callNotes");
    refused(task, Map.of("callOutcome", List.of("NO_ANSWER")), "callOutcome");

    assertThat(api.count(caseId, "TASK_COMPLETED")).isZero();
    assertThat(jdbc.sql("select count(*) from engine_command where reference = :ref").param("ref", "task:" + task)
        .query(Long.class).single()).isZero();

    // the same task takes a promise the debtor can keep, and the process holds it
    api.body(api.completeTask(task, "agent", promise("1000.00", soon)), HttpStatus.OK);
    api.awaitEvent(caseId, "PROMISE_MADE", 1);
    assertThat(api.count(caseId, "INCIDENT")).isZero();
  }

  /** A blank hidden number field is no value (it was a 500: "" could not be made a number). */
  @Test
  void aBlankNumberIsNoValue() {
    String task = callTask("300.00");
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("callOutcome", "NO_ANSWER");
    form.put("promiseAmount", "   ");
    api.body(api.completeTask(task, "agent", form), HttpStatus.OK);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.count(caseId, "INCIDENT")).isZero();
  }

  @Test
  void aCorrectedBalanceIsAnAmountOfTheCurrencyWithinTheBalanceUnderDispute() {
    callTask("1000.00");
    api.body(api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"WRONG_AMOUNT\"}",
        org.springframework.http.MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    String review = api.awaitOpenTask(caseId, "review-dispute").path("id").asText();

    refused(review, adjusted("999999.999"), "adjustedBalance");
    refused(review, adjusted("1000000.00"), "adjustedBalance");
    refused(review, adjusted("0"), "adjustedBalance");
    refused(review, adjusted("1000.00"), "adjustedBalance"); // corrects nothing: that is a rejected dispute
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("1000.00");

    api.body(api.completeTask(review, "compliance", adjusted("800.00")), HttpStatus.OK);
    api.awaitEvent(caseId, "DISPUTE_ADJUSTED", 1);
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("800.00");
  }

  private static Map<String, Object> promise(Object amount, String date) {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("callOutcome", "PROMISE_TO_PAY");
    form.put("promiseAmount", amount);
    form.put("promiseDate", date);
    return form;
  }

  private static Map<String, Object> adjusted(String balance) {
    return Map.of("disputeDecision", "ADJUSTED", "adjustedBalance", balance,
        "disputeResolution", "The statement shows a lower balance.");
  }

  private void refused(String task, Map<String, Object> form, String field) {
    var response = api.completeTask(task, form.containsKey("disputeDecision") ? "compliance" : "agent", form);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode problem = api.read(response.getBody());
    // the form's field, or the same field as a path in the request body (variables.promiseAmount)
    assertThat(problem.path("errors").findValuesAsText("field")).as(response.getBody())
        .anyMatch(f -> f.equals(field) || f.equals("variables." + field));
    assertThat(api.get("/api/tasks/" + task).path("task").path("state").asText()).isEqualTo("OPEN");
  }
}
