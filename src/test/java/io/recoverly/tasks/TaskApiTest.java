package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class TaskApiTest extends ApiTestSupport {

  private JsonNode callTask() {
    UUID caseId = api.importAccount(Api.unique("TASK") + "-1", "800.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    return api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
  }

  @Test
  void inboxListsTasksOfAGroupWithTheirCaseAndForm() {
    JsonNode task = callTask();
    String id = task.path("id").asText();

    JsonNode agents = api.get("/api/tasks?group=agents&size=500");
    assertThat(agents.path("items").findValuesAsText("id")).contains(id);
    assertThat(api.get("/api/tasks?group=disputes&size=500").path("items").findValuesAsText("id")).doesNotContain(id);
    assertThat(task.path("name").asText()).isEqualTo("Call debtor");
    assertThat(task.path("caseSummary").path("balance").decimalValue()).isEqualByComparingTo("800.00");
    assertThat(task.path("caseSummary").path("stage").asText()).isEqualTo("CONTACT");

    JsonNode withForm = api.get("/api/tasks/" + id);
    assertThat(withForm.path("form").path("id").asText()).isEqualTo("call-debtor");
    assertThat(withForm.path("form").path("components").size()).isPositive();
  }

  @Test
  void theInboxFindsAnAccountByReferencePrefixOrDebtorName() {
    JsonNode task = callTask();
    String ref = task.path("caseSummary").path("accountRef").asText();

    assertThat(api.get("/api/tasks?search=" + ref.substring(0, ref.length() - 2) + "&size=500").path("items")
        .findValuesAsText("id")).contains(task.path("id").asText());
    assertThat(api.get("/api/tasks?search=" + ref.toLowerCase() + "&size=500").path("totalItems").asLong()).isOne();
    assertThat(api.get("/api/tasks?search=jane%20DOE&size=500").path("items").findValuesAsText("id"))
        .contains(task.path("id").asText());
    // LIKE wildcards are taken literally
    assertThat(api.get("/api/tasks?search=%25&size=500").path("totalItems").asLong()).isZero();
    assertThat(api.get("/api/tasks?search=" + ref.replace('-', '_')).path("totalItems").asLong()).isZero();
  }

  @Test
  void aTaskClaimedByOneAgentCannotBeCompletedByAnother() {
    String id = callTask().path("id").asText();

    api.body(api.claimTask(id, "agent"), HttpStatus.OK);
    assertThat(api.get("/api/tasks?assignee=agent&size=500").path("items").findValuesAsText("id")).contains(id);

    var stolen = api.completeTask(id, "agent2", Map.of("callOutcome", "NO_ANSWER"));
    assertThat(stolen.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(api.read(stolen.getBody()).path("detail").asText()).contains("claimed by agent");
    assertThat(api.claimTask(id, "agent2").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    assertThat(api.as("agent2").post("/api/tasks/" + id + "/unclaim", "{}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    api.body(api.as("agent").post("/api/tasks/" + id + "/unclaim", "{}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    api.body(api.completeTask(id, "agent2", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    assertThat(api.get("/api/tasks/" + id).path("task").path("state").asText()).isEqualTo("COMPLETED");
    assertThat(api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER")).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void anInvalidSubmissionIsRefusedAndTheTaskStaysOpen() {
    String id = callTask().path("id").asText();

    var missing = api.completeTask(id, "agent", Map.of());
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.read(missing.getBody()).path("errors").toString()).contains("callOutcome").contains("required");

    // a promise needs its amount and date; the amount must be positive
    var promise = api.completeTask(id, "agent", Map.of("callOutcome", "PROMISE_TO_PAY", "promiseAmount", -5));
    assertThat(promise.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.read(promise.getBody()).path("errors").toString())
        .contains("promiseAmount").contains("promiseDate");

    var unknownOption = api.completeTask(id, "agent", Map.of("callOutcome", "MAYBE"));
    assertThat(unknownOption.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    // a form cannot write arbitrary process variables
    var injected = api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER", "strategy", "none"));
    assertThat(injected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.read(injected.getBody()).path("errors").toString()).contains("strategy");

    assertThat(api.get("/api/tasks/" + id).path("task").path("state").asText()).isEqualTo("OPEN");
    api.body(api.completeTask(id, "agent", Map.of("callOutcome", "PROMISE_TO_PAY", "promiseAmount", 100,
        "promiseDate", api.debtorDate(30))), HttpStatus.OK);
  }

  @Test
  void unknownTasksAre404AndBadRequestsAre400() {
    UUID unknown = UUID.randomUUID();
    assertThat(http.getForEntity("/api/tasks/" + unknown, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.claimTask(unknown.toString(), "agent").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/tasks?state=LOST", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void peopleWorkOnlyTheirOwnQueues() {
    String id = callTask().path("id").asText();

    // an agent's inbox: the agents queue (and their own assignments), never another queue
    assertThat(api.as("agent").get("/api/tasks?size=500").path("items").findValuesAsText("id")).contains(id);
    assertThat(api.as("field-agent").get("/api/tasks?size=500").path("items").findValuesAsText("id"))
        .doesNotContain(id);
    assertThat(api.as("agent").get("/api/tasks/counts").findValuesAsText("group")).containsOnly("agents");
    assertThat(api.as("field-agent").http().getForEntity("/api/tasks?group=agents", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("agent").http().getForEntity("/api/tasks?assignee=agent2", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.claimTask(id, "field-agent").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("field-agent").http().getForEntity("/api/tasks/" + id, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // managers read, they do not work tasks; nobody signed in gets 401; a wrong password too
    assertThat(api.claimTask(id, "manager").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    var anonymous = new org.springframework.boot.test.web.client.TestRestTemplate(
        new org.springframework.boot.web.client.RestTemplateBuilder().rootUri(http.getRootUri()))
        .getForEntity("/api/tasks", String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
    assertThat(http.withBasicAuth("agent", "wrong").getForEntity("/api/tasks", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // the acting user is the signed-in one, whatever a body says
    JsonNode claimed = api.body(api.as("agent").post("/api/tasks/" + id + "/claim", "{\"user\":\"agent2\"}",
        MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(claimed.path("assignee").asText()).isEqualTo("agent");
    assertThat(api.as("agent").get("/api/me").path("groups").toString()).isEqualTo("[\"agents\"]");
  }

  @Test
  void callTasksAreDueInADayAndBecomeOverdue() {
    JsonNode task = callTask();
    String id = task.path("id").asText();
    assertThat(task.path("dueAt").isTextual()).isTrue();
    assertThat(task.path("overdue").asBoolean()).isFalse();
    assertThat(task.path("caseSummary").path("dpd").asInt()).isPositive();

    api.advanceClock("P2D");

    assertThat(api.get("/api/tasks/" + id).path("task").path("overdue").asBoolean()).isTrue();
    assertThat(api.get("/api/tasks?overdue=true&size=500").path("items").findValuesAsText("id")).contains(id);
    JsonNode agents = element(api.get("/api/tasks/counts"), "group", "agents");
    assertThat(agents).isNotNull();
    assertThat(agents.path("overdue").asLong()).isPositive();
    assertThat(agents.path("open").asLong()).isGreaterThanOrEqualTo(agents.path("unassigned").asLong());
  }

  @Test
  void nextGivesTwoAgentsTwoDifferentTasksMostUrgentFirst() {
    String first = callTask().path("id").asText();
    String second = callTask().path("id").asText();

    JsonNode a = api.body(api.as("agent").post("/api/tasks/next", "{}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    JsonNode b = api.body(api.as("agent2").post("/api/tasks/next", "{\"groups\":[\"agents\"]}",
        MediaType.APPLICATION_JSON), HttpStatus.OK);

    assertThat(a.path("assignee").asText()).isEqualTo("agent");
    assertThat(b.path("assignee").asText()).isEqualTo("agent2");
    assertThat(a.path("id").asText()).isNotEqualTo(b.path("id").asText());
    // the inbox's priority order puts the tasks workable now first, and in each part overdue tasks first, then
    // earlier due dates
    JsonNode page = api.get("/api/tasks?groups=agents&sort=priority&size=500");
    boolean seenNotOverdue = false;
    boolean seenWaiting = false;
    for (JsonNode task : page.path("items")) {
      boolean workable = task.path("availability").path("now").asBoolean();
      assertThat(workable && seenWaiting).as("workable tasks come first").isFalse();
      if (!workable && !seenWaiting) {
        seenWaiting = true;
        seenNotOverdue = false;
      }
      if (!task.path("overdue").asBoolean()) {
        seenNotOverdue = true;
      } else {
        assertThat(seenNotOverdue).as("overdue tasks come first").isFalse();
      }
    }
    assertThat(api.as("supervisor").post("/api/tasks/next", "{\"groups\":[\"no-such-group\"]}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.as("agent").post("/api/tasks/next", "{\"groups\":[\"supervisors\"]}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.getForEntity("/api/tasks?sort=mood", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aSupervisorReassignsATask() {
    String id = callTask().path("id").asText();
    api.body(api.claimTask(id, "agent"), HttpStatus.OK);

    assertThat(api.as("agent").post("/api/tasks/" + id + "/assign", "{\"assignee\":\"agent\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("supervisor").post("/api/tasks/" + id + "/assign", "{\"assignee\":\"field-agent\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.as("supervisor").post("/api/tasks/" + id + "/assign", "{\"assignee\":\"nobody\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode reassigned = api.body(api.as("supervisor").post("/api/tasks/" + id + "/assign",
        "{\"assignee\":\"agent2\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);

    assertThat(reassigned.path("assignee").asText()).isEqualTo("agent2");
    assertThat(api.completeTask(id, "agent", Map.of("callOutcome", "NO_ANSWER")).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    api.body(api.completeTask(id, "agent2", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
  }

  @Test
  void bulkAssignRefusesWhatItCannotDoAndSaysWhoHeldEachTask() {
    String call = callTask().path("id").asText();
    Api supervisor = api.as("supervisor");
    String unknown = UUID.randomUUID().toString();
    // only supervisors (and admins) hand out work
    assertThat(api.as("agent").post("/api/tasks/assign-bulk", "{\"taskIds\":[\"" + call + "\"],\"assignee\":\"agent2\"}",
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // a list it cannot take: empty, a null in it, more than 200 ids; a person who does not exist
    for (String bad : new String[] {"{\"taskIds\":[],\"assignee\":\"agent2\"}",
        "{\"taskIds\":[null],\"assignee\":\"agent2\"}",
        "{\"taskIds\":[" + String.join(",", java.util.Collections.nCopies(201, "\"" + unknown + "\"")) + "]}",
        "{\"taskIds\":[\"" + call + "\"],\"assignee\":\"nobody-here\"}"}) {
      var refused = supervisor.post("/api/tasks/assign-bulk", bad, MediaType.APPLICATION_JSON);
      assertThat(refused.getStatusCode()).as(bad.length() > 80 ? "201 ids" : bad).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    }
    assertThat(api.get("/api/tasks/" + call).path("task").path("assignee").isNull()).isTrue();

    // each task its own answer: an unknown id and a queue the person does not work are refused, the rest assigned
    JsonNode results = supervisor.body(supervisor.post("/api/tasks/assign-bulk", "{\"taskIds\":[\"" + call + "\",\""
        + unknown + "\",\"" + call + "\"],\"assignee\":\"field-agent\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(results.size()).isEqualTo(2); // the repeated id counts once
    assertThat(results.get(0).path("assigned").asBoolean()).isFalse();
    assertThat(results.get(0).path("problem").asText()).contains("does not work the queue");
    assertThat(results.get(1).path("assigned").asBoolean()).isFalse();
    JsonNode done = supervisor.body(supervisor.post("/api/tasks/assign-bulk", "{\"taskIds\":[\"" + call
        + "\"],\"assignee\":\"agent2\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(done.get(0).path("assigned").asBoolean()).isTrue();
    assertThat(done.get(0).path("previousAssignee").isNull()).isTrue();
    // undo: back to whoever held it before (nobody: its queue)
    JsonNode moved = supervisor.body(supervisor.post("/api/tasks/assign-bulk", "{\"taskIds\":[\"" + call
        + "\"],\"assignee\":\"agent\"}", MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(moved.get(0).path("previousAssignee").asText()).isEqualTo("agent2");

    // the workload: supervisors and managers only; the person holding the task is counted
    assertThat(api.as("agent").http().getForEntity("/api/tasks/workload", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    JsonNode line = element(api.as("manager").get("/api/tasks/workload"), "person", "agent");
    assertThat(line).isNotNull();
    assertThat(line.path("open").asLong()).isPositive();
    assertThat(line.path("workableNow").asLong()).isLessThanOrEqualTo(line.path("open").asLong());
  }

  @Test
  void nextTaskAsksAgainWhatAContactRuleChangeMarkedBeforeHandingItOut() {
    String id = callTask().path("id").asText();
    assertThat(api.get("/api/tasks/" + id).path("task").path("availability").path("now").asBoolean()).isTrue();
    // compliance moves the US contact hours away from the debtor's now (Chicago): the stored windows are stale until
    // the sweep comes (every 15 s)
    JsonNode us = api.get("/api/compliance/policies/US");
    int hour = api.engineNow().atZone(java.time.ZoneId.of("America/Chicago")).getHour();
    com.fasterxml.jackson.databind.node.ObjectNode closed = us.deepCopy();
    closed.put("contactFrom", String.format("%02d:00", hour <= 20 ? hour + 2 : hour - 3));
    closed.put("contactUntil", String.format("%02d:00", hour <= 20 ? hour + 3 : hour - 2));
    Api compliance = api.as("compliance");
    api.body(compliance.put("/api/compliance/policies/US", closed.toString()), HttpStatus.OK);
    java.util.List<String> handedOut = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        var next = api.as("agent").post("/api/tasks/next", "{}", MediaType.APPLICATION_JSON);
        if (next.getStatusCode() == HttpStatus.NOT_FOUND) {
          break;
        }
        JsonNode task = api.body(next, HttpStatus.OK);
        handedOut.add(task.path("id").asText());
        if ("call-debtor".equals(task.path("elementId").asText())) {
          // whatever Next hands out, the guard allows now
          assertThat(api.get("/api/cases/" + task.path("caseId").asText() + "/contact-check?channel=CALL")
              .path("allowed").asBoolean()).as("call handed out: " + task).isTrue();
        }
      }
      assertThat(handedOut).doesNotContain(id);
    } finally {
      api.body(compliance.put("/api/compliance/policies/US", us.toString()), HttpStatus.OK);
      handedOut.forEach(t -> api.as("agent").post("/api/tasks/" + t + "/unclaim", "{}", MediaType.APPLICATION_JSON));
    }
  }

  /** The last element of a JSON array whose {@code field} is {@code value}, or null. */
  private static JsonNode element(JsonNode list, String field, String value) {
    JsonNode found = null;
    for (JsonNode e : list) {
      if (value.equals(e.path(field).asText())) {
        found = e;
      }
    }
    return found;
  }
}
