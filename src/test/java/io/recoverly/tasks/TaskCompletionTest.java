package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * The database first, the engine after (issue 17, finding 1): a task's submission is recorded in one transaction with
 * everything it means (the call's contact attempt, the timeline, the audit), and only then is the engine told. Before,
 * the engine completed the job first and a failure while recording lost the call: the case moved on, with no attempt,
 * no timeline and no audit, and the task stayed open forever.
 */
class TaskCompletionTest extends ApiTestSupport {

  @Autowired Faults faults;

  @AfterEach
  void disarm() {
    faults.reset();
  }

  private UUID caseId;

  private String callTask() {
    caseId = api.importAccount(Api.unique("DBFIRST") + "-1", "700.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    return api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
  }

  @Test
  void aSubmissionThatCannotBeRecordedIsNeverToldToTheEngine() {
    String id = callTask();
    faults.failRecordingWhenSubmitted("connection lost here");

    var failed = api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER", "callNotes", "connection lost here"));

    assertThat(failed.getStatusCode().is5xxServerError()).as(failed.getBody()).isTrue();
    assertThat(taskState(id)).isEqualTo("OPEN");
    assertThat(callAttempts()).isZero();
    assertThat(api.count(caseId, "TASK_COMPLETED")).isZero();
    assertThat(jdbc.sql("select count(*) from engine_command where reference = :ref").param("ref", "task:" + id)
        .query(Long.class).single()).isZero();

    // the engine still holds the job: the same call can be recorded, once, and the process takes it
    faults.reset();
    api.body(api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER", "callNotes", "no answer")),
        HttpStatus.OK);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(taskState(id)).isEqualTo("COMPLETED");
    assertThat(callAttempts()).isOne();
    assertThat(api.count(caseId, "TASK_COMPLETED")).isOne();
  }

  @Test
  void aLostEngineAnswerIsRetriedUntilTheEngineAcknowledgesAndNothingIsRecordedTwice() {
    String id = callTask();
    // the engine completes the job, the answer is lost; the first retry's answer (NOT_FOUND: done) is lost too
    faults.dropNextAnswers(2, "CompleteJob");

    JsonNode answer = api.body(api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);

    assertThat(answer.path("state").asText()).isEqualTo("COMPLETING");
    // out of every inbox while the engine is being told: Next task does not hand it out again
    assertThat(api.openTasks(caseId)).extracting(t -> t.path("id").asText()).doesNotContain(id);
    assertThat(callAttempts()).isOne();
    await().atMost(Duration.ofSeconds(30)).until(() -> taskState(id).equals("COMPLETED"));
    var command = jdbc.sql("select status, outcome, attempts from engine_command where reference = :ref")
        .param("ref", "task:" + id).query().singleRow();
    assertThat(command).containsEntry("status", "DONE");
    assertThat((Integer) command.get("attempts")).isGreaterThanOrEqualTo(2);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(callAttempts()).isOne();
    assertThat(api.count(caseId, "TASK_COMPLETED")).isOne();
    assertThat(api.count(caseId, "REMINDER_SENT")).isEqualTo(2);
    assertThat(api.count(caseId, "INCIDENT")).isZero();
  }

  private String taskState(String id) {
    return jdbc.sql("select state from user_task where id = :id").param("id", UUID.fromString(id))
        .query(String.class).single();
  }

  private long callAttempts() {
    return jdbc.sql("select count(*) from contact_attempt where case_id = :id and channel = 'CALL'")
        .param("id", caseId).query(Long.class).single();
  }
}
