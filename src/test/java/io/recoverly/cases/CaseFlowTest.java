package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.recoverly.contact.ReminderService;
import io.recoverly.support.AppTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A case through the first model on the real engine: segmentation, reminder into the outbox, the cadence timer moved
 * by the clock endpoint, the agent call as a job-based user task, another cycle, closure.
 */
@AppTest
class CaseFlowTest {

  private static final String USER_TASK = "io.camunda.zeebe:userTask";

  @Autowired TestRestTemplate http;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired CamundaClient client;
  @Autowired ReminderService reminders;

  @Test
  void caseCyclesThroughRemindersAndCallsUntilPaidThenCloses() throws Exception {
    String ref = PortfolioImportTest.unique("FLOW") + "-1";
    UUID caseId = importOne(ref);

    // segmented as "gentle" (low balance, 20 DPD): an SMS reminder first, then wait 5 days
    await().atMost(Duration.ofSeconds(30)).until(() -> eventTypes(caseId).contains("REMINDER_SENT"));
    JsonNode view = get("/api/cases/" + caseId);
    assertThat(view.path("strategy").path("name").asText()).isEqualTo("gentle");
    assertThat(view.path("strategy").path("firstChannel").asText()).isEqualTo("SMS");
    assertThat(view.path("strategy").path("cadence").asText()).isEqualTo("P5D");
    var outbox = jdbc.sql("select channel, recipient, status, body from outbound_message where case_id = :id")
        .param("id", caseId).query().listOfRows();
    assertThat(outbox).hasSize(1);
    assertThat(outbox.getFirst()).containsEntry("channel", "SMS").containsEntry("recipient", "+14155550123")
        .containsEntry("status", "PENDING");
    assertThat((String) outbox.getFirst().get("body")).contains(ref).contains("500.00 USD");

    // no agent call before the cadence has passed
    assertThat(callTaskFor(caseId, Duration.ofSeconds(2))).isEmpty();
    advanceClock("P5D");
    ActivatedJob call = callTaskFor(caseId, Duration.ofSeconds(30)).orElseThrow();
    assertThat(call.getElementId()).isEqualTo("call-debtor");
    assertThat(call.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"agents\"]");
    assertThat(call.getCustomHeaders()).containsKey("io.camunda.zeebe:formKey");

    // no answer: the next cycle sends another reminder
    client.newCompleteCommand(call.getKey()).variables(Map.of("callOutcome", "NO_ANSWER")).send().join();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> eventTypes(caseId).stream().filter("REMINDER_SENT"::equals).count() == 2);

    advanceClock("P5D");
    ActivatedJob second = callTaskFor(caseId, Duration.ofSeconds(30)).orElseThrow();
    client.newCompleteCommand(second.getKey()).variables(Map.of("callOutcome", "PAID_IN_FULL")).send().join();

    await().atMost(Duration.ofSeconds(30))
        .until(() -> get("/api/cases/" + caseId).path("status").asText().equals("CLOSED"));
    JsonNode closed = get("/api/cases/" + caseId);
    assertThat(closed.path("stage").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("outcome").asText()).isEqualTo("PAID_IN_FULL");
    assertThat(closed.path("closedAt").isTextual()).isTrue();
    assertThat(eventTypes(caseId)).last().isEqualTo("CASE_CLOSED");
  }

  @Test
  void aRedeliveredReminderJobSendsNothingTwice() throws Exception {
    UUID caseId = importOne(PortfolioImportTest.unique("IDEM") + "-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> eventTypes(caseId).contains("REMINDER_SENT"));
    long outboxBefore = outboxCount(caseId);
    long eventsBefore = eventTypes(caseId).size();

    reminders.sendReminder(caseId, "EMAIL", "test-job-42");
    reminders.sendReminder(caseId, "EMAIL", "test-job-42");

    assertThat(outboxCount(caseId)).isEqualTo(outboxBefore + 1);
    assertThat(eventTypes(caseId)).hasSize((int) eventsBefore + 1);
  }

  private long outboxCount(UUID caseId) {
    return jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", caseId)
        .query(Long.class).single();
  }

  private UUID importOne(String ref) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    String csv = PortfolioFiles.HEADER + "\n" + PortfolioFiles.csvRow(ref, "FLOW", 20, "500.00") + "\n";
    var response = http.postForEntity("/api/portfolios/import", new HttpEntity<>(csv, headers), String.class);
    assertThat(json.readTree(response.getBody()).path("imported").asInt()).isEqualTo(1);
    return jdbc.sql("select c.id from collection_case c join account a on a.id = c.account_id where a.account_ref = :r")
        .param("r", ref).query(UUID.class).single();
  }

  /** Activates call tasks until the one of this case shows up; leaves the others to time out quickly. */
  private Optional<ActivatedJob> callTaskFor(UUID caseId, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    do {
      for (ActivatedJob job : client.newActivateJobsCommand().jobType(USER_TASK).maxJobsToActivate(500)
          .timeout(Duration.ofMillis(500)).fetchVariables("caseId").send().join().getJobs()) {
        if (caseId.toString().equals(job.getVariablesAsMap().get("caseId"))) {
          return Optional.of(job);
        }
      }
      sleep(200);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  private void advanceClock(String duration) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    var response = http.postForEntity("/api/dev/clock/advance",
        new HttpEntity<>("{\"duration\":\"" + duration + "\"}", headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  private List<String> eventTypes(UUID caseId) throws Exception {
    List<String> types = new ArrayList<>();
    get("/api/cases/" + caseId + "/timeline").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }

  private JsonNode get(String path) throws Exception {
    return json.readTree(http.getForEntity(path, String.class).getBody());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
