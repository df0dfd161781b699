package io.recoverly.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The case context an agent sees beside a task gathers every capability's record of the case. */
class CaseContextTest extends ApiTestSupport {

  @Test
  void gathersTheCaseTimelineContactsPromisesPaymentsAndOpenTasks() {
    UUID caseId = api.importAccount(Api.unique("CONTEXT") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "PROMISE_TO_PAY",
        "promiseAmount", "120.00", "promiseDate", api.debtorDate(30))), HttpStatus.OK);
    api.awaitEvent(caseId, "PROMISE_MADE", 1);
    api.body(api.pay(caseId, "50.00", "USD", Api.unique("ctx")), HttpStatus.CREATED);

    JsonNode context = api.get("/api/cases/" + caseId + "/context");

    assertThat(context.path("caseView").path("id").asText()).isEqualTo(caseId.toString());
    assertThat(context.path("caseView").path("debtor").path("phone").asText()).contains("*");
    assertThat(context.path("timeline").findValuesAsText("type")).contains("CASE_OPENED", "PROMISE_MADE",
        "PAYMENT_RECEIVED");
    assertThat(context.path("contacts").findValuesAsText("channel")).contains("SMS", "CALL");
    assertThat(context.path("promises").get(0).path("amount").decimalValue()).isEqualByComparingTo("120.00");
    assertThat(context.path("promises").get(0).path("state").asText()).isEqualTo("OPEN");
    assertThat(context.path("payments").get(0).path("amount").decimalValue()).isEqualByComparingTo("50.00");
    assertThat(context.path("disputes")).isEmpty();
    assertThat(context.path("plans")).isEmpty();
    assertThat(http.getForEntity("/api/cases/" + UUID.randomUUID() + "/context", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  /** The case context lists the open tasks the viewer may see, as the inbox does (issue 17, finding 15). */
  @Test
  void listsOnlyTheOpenTasksOfTheViewersQueues() {
    UUID caseId = api.importAccount(Api.unique("CONTEXT") + "-2", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    api.body(api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"NOT_MY_DEBT\"}",
        org.springframework.http.MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    api.awaitOpenTask(caseId, "review-dispute");

    assertThat(api.as("compliance").get("/api/cases/" + caseId + "/context").path("openTasks")
        .findValuesAsText("elementId")).containsExactly("review-dispute");
    assertThat(api.as("supervisor").get("/api/cases/" + caseId + "/context").path("openTasks")
        .findValuesAsText("elementId")).containsExactly("review-dispute");
    for (String user : java.util.List.of("agent", "field-agent", "manager")) {
      assertThat(api.as(user).get("/api/cases/" + caseId + "/context").path("openTasks")).as(user).isEmpty();
    }
  }
}
