package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.contact.ReminderService;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class CeaseCommunicationTest extends ApiTestSupport {

  @Autowired ReminderService reminders;
  private long outbox(UUID caseId) {
    return jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", caseId)
        .query(Long.class).single();
  }

  private JsonNode cease(UUID caseId, HttpStatus expected) {
    return api.body(api.post("/api/cases/" + caseId + "/cease-communication",
        "{\"reason\":\"Letter received 2026-11-20\"}", MediaType.APPLICATION_JSON), expected);
  }

  @Test
  void ceaseStopsAllContactForGoodAndASupervisorWritesTheCaseOff() {
    UUID caseId = api.importAccount(Api.unique("CEASE") + "-1", "500.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");

    assertThat(cease(caseId, HttpStatus.CREATED).path("newlyRecorded").asBoolean()).isTrue();
    assertThat(cease(caseId, HttpStatus.OK).path("newlyRecorded").asBoolean()).isFalse();

    JsonNode review = api.awaitOpenTask(caseId, "review-ceased-case");
    assertThat(review.path("candidateGroups").toString()).isEqualTo("[\"supervisors\"]");
    assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("REVIEW");
    assertThat(api.get("/api/tasks/" + call.path("id").asText()).path("task").path("state").asText()).isEqualTo("CANCELED");

    long sent = outbox(caseId);
    api.advanceClock("P15D");
    // a reminder already on its way is stopped by the guard
    reminders.sendReminder(caseId, "SMS", "late-job-" + caseId);
    assertThat(outbox(caseId)).isEqualTo(sent);
    assertThat(api.eventTypes(caseId)).contains("CONTACT_BLOCKED");
    assertThat(api.openTasks(caseId)).extracting(t -> t.path("elementId").asText()).containsOnly("review-ceased-case");

    api.body(api.completeTask(review.path("id").asText(), "supervisor",
        Map.of("ceaseDecision", "WRITE_OFF", "ceaseNotes", "Small balance, no assets")), HttpStatus.OK);
    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("WRITTEN_OFF");
    assertThat(api.post("/api/cases/" + caseId + "/cease-communication", "{}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void aCeasedCaseCanBePlacedWithLegal() {
    UUID caseId = api.importAccount(Api.unique("CEASELEGAL") + "-1", "9000.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    cease(caseId, HttpStatus.CREATED);
    JsonNode review = api.awaitOpenTask(caseId, "review-ceased-case");

    api.body(api.completeTask(review.path("id").asText(), "supervisor",
        Map.of("ceaseDecision", "PLACE_WITH_LEGAL", "ceaseNotes", "Agreement and statements for the lawyers")),
        HttpStatus.OK);

    api.awaitEvent(caseId, "CASE_CLOSED", 1);
    assertThat(api.caseView(caseId).path("outcome").asText()).isEqualTo("PLACED_WITH_LEGAL");
    assertThat(jdbc.sql("select count(*) from legal_placement where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void unknownCasesAre404() {
    assertThat(api.post("/api/cases/" + UUID.randomUUID() + "/cease-communication", "{}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
