package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * A case through the model on the real engine, black-box through the API: segmentation, reminder into the outbox,
 * the cadence timer moved by the clock endpoint, the agent's call task, another cycle, a partial payment, and the
 * payment that clears the balance closing the case.
 */
class CaseFlowTest extends ApiTestSupport {

  @Autowired io.recoverly.contact.ReminderWorker reminderWorker;
  @Test
  void caseCyclesThroughRemindersAndCallsAndClosesWhenPaidInFull() {
    String ref = Api.unique("FLOW") + "-1";
    UUID caseId = api.importAccount(ref, "500.00");

    // segmented as "gentle" (low balance, 20 DPD): an SMS reminder first, then wait 5 days
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode view = api.caseView(caseId);
    assertThat(view.path("strategy").path("name").asText()).isEqualTo("gentle");
    assertThat(view.path("strategy").path("firstChannel").asText()).isEqualTo("SMS");
    assertThat(view.path("strategy").path("cadence").asText()).isEqualTo("P5D");
    // a US debt: the first collection communication comes with the validation notice (by letter: there is an address)
    var notice = jdbc.sql("select channel, body from outbound_message where case_id = :id and template = 'validation-notice'")
        .param("id", caseId).query().listOfRows();
    assertThat(notice).hasSize(1);
    assertThat(notice.getFirst()).containsEntry("channel", "LETTER");
    assertThat((String) notice.getFirst().get("body")).contains("dispute").contains(ref);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
        "select count(*) from outbound_message where case_id = :id and template = 'payment-reminder' and status = 'SENT'")
        .param("id", caseId).query(Long.class).single() == 1);
    var outbox = jdbc.sql("select channel, recipient, status, body from outbound_message where case_id = :id"
            + " and template = 'payment-reminder'")
        .param("id", caseId).query().listOfRows();
    assertThat(outbox).hasSize(1);
    // the relay handed both to the provider: the notice first, then the reminder
    assertThat(outbox.getFirst()).containsEntry("channel", "SMS").containsEntry("recipient", "+14155550123")
        .containsEntry("status", "SENT");
    assertThat(api.eventTypes(caseId)).contains("VALIDATION_NOTICE_SENT");
    assertThat((String) outbox.getFirst().get("body")).contains(ref).contains("$500.00")
        .contains("This is a communication from a debt collector.").contains("Reply STOP");

    // no agent call before the cadence has passed
    assertThat(api.openTasks(caseId)).isEmpty();
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    assertThat(call.path("candidateGroups").toString()).isEqualTo("[\"agents\"]");
    assertThat(call.path("formId").asText()).isEqualTo("call-debtor");

    // no answer: the next cycle sends another reminder
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(api.eventTypes(caseId)).containsSubsequence("TASK_CREATED", "TASK_COMPLETED", "REMINDER_SENT");
    // the written channel rotates with the cycles: SMS first, then email
    assertThat(jdbc.sql("select channel from outbound_message where case_id = :id and template = 'payment-reminder'"
            + " order by id").param("id", caseId).query(String.class).list()).containsExactly("SMS", "EMAIL");

    // a partial payment lowers the balance and keeps the case open; the rest closes it
    api.body(api.pay(caseId, "200.00", "USD", Api.unique("pay")), HttpStatus.CREATED);
    assertThat(api.caseView(caseId).path("balance").decimalValue()).isEqualByComparingTo("300.00");
    assertThat(api.caseView(caseId).path("status").asText()).isEqualTo("OPEN");
    api.body(api.pay(caseId, "300.00", "USD", Api.unique("pay")), HttpStatus.CREATED);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    JsonNode closed = api.caseView(caseId);
    assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("stage").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("outcome").asText()).isEqualTo("PAID_IN_FULL");
    assertThat(closed.path("balance").decimalValue()).isEqualByComparingTo("0");
    assertThat(api.eventTypes(caseId)).last().isEqualTo("CASE_CLOSED");
  }

  @Test
  void aRedeliveredReminderJobSendsNothingTwice() {
    UUID caseId = api.importAccount(Api.unique("IDEM") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    long outboxBefore = outboxCount(caseId);
    long eventsBefore = api.eventTypes(caseId).size();

    // the same job delivered twice (its first completion was lost: timeout, retry after a failure)
    var job = org.mockito.Mockito.mock(io.camunda.client.api.response.ActivatedJob.class);
    org.mockito.Mockito.when(job.getKey()).thenReturn(4_242_424_242L);
    reminderWorker.sendReminder(job, caseId.toString(), "EMAIL", 0, null);
    reminderWorker.sendReminder(job, caseId.toString(), "EMAIL", 0, null);

    assertThat(outboxCount(caseId)).isEqualTo(outboxBefore + 1);
    assertThat(api.eventTypes(caseId)).hasSize((int) eventsBefore + 1);
    assertThat(jdbc.sql("select count(*) from contact_attempt where case_id = :id and channel = 'EMAIL'")
        .param("id", caseId).query(Long.class).single()).isEqualTo(1);
  }

  private long outboxCount(UUID caseId) {
    return jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", caseId)
        .query(Long.class).single();
  }
}
