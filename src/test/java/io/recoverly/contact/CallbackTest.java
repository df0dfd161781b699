package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** A callback the debtor asked for holds the call until then; the contact rules still decide after it. */
class CallbackTest extends ApiTestSupport {

  @Test
  void aCallbackHoldsTheCallUntilItsTime() {
    UUID caseId = api.importAccount(Api.unique("CALLBACK"), "600.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    String taskId = call.path("id").asText();
    assertThat(task(taskId).path("availability").path("now").asBoolean()).isTrue(); // 09:00 in Chicago

    Instant at = api.engineNow().plus(Duration.ofHours(2));
    String path = "/api/cases/" + caseId + "/callbacks";
    JsonNode callback = api.body(api.as("agent").post(path, "{\"at\":\"" + at + "\",\"note\":\"after her shift\"}",
        MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    assertThat(callback.path("requestedBy").asText()).isEqualTo("agent");
    assertThat(api.eventTypes(caseId)).contains("CALLBACK_REQUESTED");

    // held until then, with the reason in the debtor's time
    await().atMost(Duration.ofSeconds(10)).until(() -> !task(taskId).path("availability").path("now").asBoolean());
    JsonNode held = task(taskId).path("availability");
    assertThat(held.path("rule").asText()).isEqualTo("CALLBACK_REQUESTED");
    assertThat(held.path("reason").asText()).contains("debtor-local (America/Chicago)");
    // the inbox's filter: waiting, not workable
    assertThat(api.get("/api/tasks?caseId=" + caseId + "&actionable=false").path("items").findValuesAsText("id"))
        .containsExactly(taskId);
    assertThat(api.get("/api/tasks?caseId=" + caseId + "&actionable=true").path("totalItems").asLong()).isZero();

    // bad requests change nothing
    for (String bad : new String[] {"{\"at\":\"" + api.engineNow().minusSeconds(60) + "\"}",
        "{\"at\":\"" + api.engineNow().plus(Duration.ofDays(31)) + "\"}", "{\"at\":\"+99999-01-01T00:00:00Z\"}",
        "{\"at\":1e309}", "{\"at\":null}", "{}", "{\"at\":\"" + at + "\",\"note\":\"a\\u0000b\"}",
        "{\"at\":\"" + at + "\",\"note\":\"" + "x".repeat(501) + "\"}"}) {
      var response = api.as("agent").post(path, bad, MediaType.APPLICATION_JSON);
      assertThat(response.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(api.as("manager").post(path, "{\"at\":\"" + at + "\"}", MediaType.APPLICATION_JSON).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // a time the rules would not let us keep: 02:00 in Chicago, outside the contact hours
    var night = api.as("agent").post(path, "{\"at\":\"" + at.plus(Duration.ofHours(15)) + "\"}",
        MediaType.APPLICATION_JSON);
    assertThat(night.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(night.getBody()).contains("outside them").contains("debtor-local (America/Chicago)");
    assertThat(api.count(caseId, "CALLBACK_REQUESTED")).isOne();

    // its time comes (11:00 in Chicago, within the contact hours): the call can be made again
    api.advanceClock("PT2H1M");
    await().atMost(Duration.ofSeconds(20)).until(() -> task(taskId).path("availability").path("now").asBoolean());

    // after a cease request no callback can be kept: a 409, nothing recorded
    api.body(api.as("agent").post("/api/cases/" + caseId + "/cease-communication",
        "{\"reason\":\"asked to stop\"}", MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    var ceased = api.as("agent").post(path, "{\"at\":\"" + api.engineNow().plus(Duration.ofHours(1)) + "\"}",
        MediaType.APPLICATION_JSON);
    assertThat(ceased.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(ceased.getBody()).contains("stop all communication");
    assertThat(api.count(caseId, "CALLBACK_REQUESTED")).isOne();
  }

  private JsonNode task(String id) {
    return api.get("/api/tasks/" + id).path("task");
  }
}
