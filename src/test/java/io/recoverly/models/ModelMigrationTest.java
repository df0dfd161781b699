package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Running cases move to a new version of the case process: the dry run tells which can and why not, the migration
 * moves those, leaves the others on their version, and the migrated cases carry on in the new model.
 */
// deploys new versions of the case process: an application of its own, so the shared one keeps running version 1
@org.springframework.test.context.TestPropertySource(properties = "recoverly.test.isolation=model-changes")
class ModelMigrationTest extends ApiTestSupport {

  private String toJson(Object value) throws Exception {
    return json.writeValueAsString(value);
  }

  @Test
  void runningCasesMigrateWithAMappingAndAnUnmappableActiveElementStaysBehind() throws Exception {
    // two cases on today's version: one waits in its cadence, the other has an open call task
    UUID waiting = api.importAccount(Api.unique("MIG") + "-1", "300.00");
    UUID calling = api.importAccount(Api.unique("MIG") + "-2", "300.00");
    api.awaitEvent(waiting, "REMINDER_SENT", 1);
    api.awaitEvent(calling, "REMINDER_SENT", 1);
    api.advanceUntilOpenTask(calling, "call-debtor", "P5D");
    api.awaitEvent(waiting, "REMINDER_SENT", 1);
    int from = api.caseView(waiting).path("processVersion").asInt();
    // (the cadence moved on for the first case too: it is now at its call task; give it a fresh cycle to wait in)
    String waitingTask = api.awaitOpenTask(waiting, "call-debtor").path("id").asText();
    api.body(api.completeTask(waitingTask, "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    api.awaitEvent(waiting, "REMINDER_SENT", 2);

    // version 2 renames the call task (a new id): the cadence wait still maps by id
    String v2 = ModelDeployApiTest.file("bpmn/collection-case.bpmn")
        .replace("\"call-debtor\"", "\"call-debtor-v2\"").replace("\"call-debtor_di\"", "\"call-debtor-v2_di\"")
        .replace(">flow-to-call-outcome<", ">flow-to-call-outcome<")
        .replace("sourceRef=\"call-debtor\"", "sourceRef=\"call-debtor-v2\"")
        .replace("targetRef=\"call-debtor\"", "targetRef=\"call-debtor-v2\"")
        .replace("bpmnElement=\"call-debtor\"", "bpmnElement=\"call-debtor-v2\"");
    // keep the form reference (formId="call-debtor" was renamed with the id): restore it
    v2 = v2.replace("formId=\"call-debtor-v2\"", "formId=\"call-debtor\"");
    JsonNode deployed = api.body(api.as("compliance").post("/api/models/deploy", toJson(Map.of(
        "resourceName", "collection-case.bpmn", "content", v2, "changeNote", "Call task renamed for the migration test")),
        MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    int to = deployed.get(0).path("version").asInt();

    JsonNode plan = api.body(api.as("compliance").post("/api/models/migrations/plan", toJson(Map.of(
        "modelId", "collection-case", "fromVersion", from, "toVersion", to)), MediaType.APPLICATION_JSON),
        HttpStatus.OK);
    assertThat(plan.path("mappings").path("wait-for-response").asText()).isEqualTo("wait-for-response");
    assertThat(plan.path("unmapped").toString()).contains("call-debtor");
    JsonNode callingItem = item(plan.path("instances"), calling);
    assertThat(callingItem.path("canMigrate").asBoolean()).isFalse();
    assertThat(callingItem.path("reason").asText()).contains("call-debtor").contains("no counterpart");
    assertThat(item(plan.path("instances"), waiting).path("canMigrate").asBoolean()).isTrue();

    // an explicit mapping that makes no sense is refused
    assertThat(api.as("compliance").post("/api/models/migrations/plan", toJson(Map.of("modelId", "collection-case",
        "fromVersion", from, "toVersion", to, "mappings", Map.of("call-debtor", "wait-for-response"))),
        MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    JsonNode started = api.body(api.as("compliance").post("/api/models/migrations", toJson(Map.of(
        "modelId", "collection-case", "fromVersion", from, "toVersion", to)), MediaType.APPLICATION_JSON),
        HttpStatus.ACCEPTED);
    String id = started.path("id").asText();
    JsonNode[] status = new JsonNode[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      status[0] = api.as("compliance").get("/api/models/migrations/" + id);
      return status[0].path("state").asText().equals("DONE");
    });
    assertThat(item(status[0].path("items"), waiting).path("result").asText()).as(status[0].toString())
        .isEqualTo("MIGRATED");
    assertThat(item(status[0].path("items"), calling).path("result").asText()).isEqualTo("SKIPPED");
    assertThat(api.caseView(waiting).path("processVersion").asInt()).isEqualTo(to);
    assertThat(api.caseView(calling).path("processVersion").asInt()).isEqualTo(from);
    assertThat(api.eventTypes(waiting)).contains("PROCESS_MIGRATED");

    // the migrated case carries on in version 2: its next call is the renamed task
    api.advanceUntilOpenTask(waiting, "call-debtor-v2", "P5D");

    // the case left behind moves with an explicit mapping of its open call task onto the renamed one; the node that
    // started this migration claimed the case and died (its lease ran out): this node takes the item over
    JsonNode mappedPlan = api.body(api.as("compliance").post("/api/models/migrations/plan", toJson(Map.of(
        "modelId", "collection-case", "fromVersion", from, "toVersion", to,
        "mappings", Map.of("call-debtor", "call-debtor-v2"))), MediaType.APPLICATION_JSON), HttpStatus.OK);
    UUID mapped = UUID.randomUUID();
    long target = jdbc.sql("select target_definition_key from model_migration where id = :id")
        .param("id", UUID.fromString(id)).query(Long.class).single();
    jdbc.sql("""
            insert into model_migration (id, model_id, from_version, to_version, mappings, state, total, started_by,
                                         started_at, target_definition_key)
            values (:id, 'collection-case', :from, :to, cast(:mappings as jsonb), 'RUNNING', 1, 'compliance', now(),
                    :target)
            """).param("id", mapped).param("from", from).param("to", to)
        .param("mappings", toJson(mappedPlan.path("mappings"))).param("target", target).update();
    jdbc.sql("""
            insert into model_migration_item (migration_id, case_id, process_instance_key, result, claimed_until,
                                              attempts)
            values (:id, :case, :key, 'PENDING', now() - interval '1 minute', 1)
            """).param("id", mapped).param("case", calling)
        .param("key", jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", calling)
            .query(Long.class).single()).update();
    await().atMost(Duration.ofSeconds(60)).until(() -> api.as("compliance")
        .get("/api/models/migrations/" + mapped).path("state").asText().equals("DONE"));
    assertThat(jdbc.sql("select result || ':' || attempts from model_migration_item where migration_id = :id")
        .param("id", mapped).query(String.class).single()).isEqualTo("MIGRATED:2");
    assertThat(api.caseView(calling).path("processVersion").asInt()).isEqualTo(to);
    // its open task is the same work item: completing it continues the case in version 2
    String open = api.awaitOpenTask(calling, "call-debtor").path("id").asText();
    api.body(api.completeTask(open, "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    api.awaitEvent(calling, "REMINDER_SENT", 2);
    api.advanceUntilOpenTask(calling, "call-debtor-v2", "P5D");
  }

  private static JsonNode item(JsonNode items, UUID caseId) {
    for (JsonNode item : items) {
      if (item.path("caseId").asText().equals(caseId.toString())) {
        return item;
      }
    }
    throw new AssertionError("case " + caseId + " not in " + items);
  }
}
