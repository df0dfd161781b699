package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Compliance deploys models through the API: validated first, refused with every problem, versioned with a note. */
// deploys new versions of the case process: an application of its own, so the shared one keeps running version 1
@org.springframework.test.context.TestPropertySource(properties = "recoverly.test.isolation=model-changes")
class ModelDeployApiTest extends ApiTestSupport {

  static String file(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  private ResponseEntity<String> deploy(String user, String name, String content, String note) {
    return api.as(user).post("/api/models/deploy", toJson(Map.of("resourceName", name, "content", content,
        "changeNote", note)), MediaType.APPLICATION_JSON);
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }


  private long versions() {
    return jdbc.sql("select count(*) from model_version").query(Long.class).single();
  }

  private JsonNode refused(String name, String content) {
    long before = versions();
    var answer = deploy("compliance", name, content, "Trying a change that is wrong");
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(versions()).as("nothing recorded").isEqualTo(before);
    return api.read(answer.getBody());
  }

  @Test
  void brokenModelsAreRefusedWithAPreciseProblemAndNothingIsDeployed() throws IOException {
    String bpmn = file("bpmn/collection-case.bpmn");
    int latest = latestCaseVersion();

    JsonNode xml = refused("collection-case.bpmn", bpmn.substring(0, bpmn.length() / 2));
    assertThat(xml.path("problems").get(0).path("message").asText()).contains("not well-formed XML at line");
    assertThat(xml.path("problems").get(0).path("line").asInt()).isPositive();

    JsonNode job = refused("collection-case.bpmn", bpmn.replace("type=\"check-contact-allowed\"", "type=\"launch-rocket\""));
    assertThat(job.path("problems").get(0).path("element").asText()).isEqualTo("check-call-allowed");
    assertThat(job.path("problems").get(0).path("message").asText())
        .isEqualTo("job type 'launch-rocket' has no worker in this application");

    JsonNode noForm = refused("collection-case.bpmn", bpmn.replace("<zeebe:formDefinition formId=\"call-debtor\" />", ""));
    assertThat(noForm.path("problems").get(0).path("element").asText()).isEqualTo("call-debtor");
    assertThat(noForm.path("problems").get(0).path("message").asText()).isEqualTo("has no form");

    JsonNode dmn = refused("collection-strategy.dmn", file("bpmn/collection-strategy.dmn")
        .replace("<text>\"hard\"</text>", "<text>\"hard</text>"));
    assertThat(dmn.path("problems").get(0).path("message").asText()).startsWith("the DMN engine refuses it");

    JsonNode timer = refused("collection-case.bpmn", bpmn.replace("=strategy.cadence", "five days"));
    assertThat(timer.path("problems").toString()).contains("wait-for-response").contains("not valid ISO 8601");

    assertThat(deploy("compliance", "collection-case.bpmn", bpmn, " ").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(deploy("agent", "collection-case.bpmn", bpmn, "agents do not deploy").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(latestCaseVersion()).as("the engine runs what it ran").isEqualTo(latest);
    // validation alone answers 200 with the problems
    JsonNode check = api.body(api.as("compliance").post("/api/models/validate", toJson(Map.of("resourceName",
        "collection-case.bpmn", "content", bpmn.replace("type=\"check-contact-allowed\"", "type=\"x-y\""))),
        MediaType.APPLICATION_JSON), HttpStatus.OK);
    assertThat(check.path("valid").asBoolean()).isFalse();
  }

  @Test
  void aValidChangeBecomesTheNextVersionAndNewCasesRunIt() throws IOException {
    int before = latestCaseVersion();
    // a change to what runs now (other tests of this application may have deployed versions before)
    String latest = api.as("compliance").http().getForEntity("/api/models/collection-case/versions/" + before
        + "/content", String.class).getBody();
    String changed = latest.replace("name=\"Call debtor\"", "name=\"Call the debtor\"");
    assertThat(changed).isNotEqualTo(latest);

    // work in progress is kept as a draft until it is deployed
    String draft = toJson(Map.of("content", changed, "basedOn", before));
    assertThat(api.as("agent").put("/api/models/drafts/collection-case.bpmn", draft).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.as("compliance").put("/api/models/drafts/collection-case.bpmn", draft).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(api.as("compliance").get("/api/models/drafts/collection-case.bpmn").path("content").asText())
        .contains("Call the debtor");

    JsonNode deployed = api.body(deploy("compliance", "collection-case.bpmn", changed,
        "Clearer name for the call task"), HttpStatus.CREATED);
    assertThat(api.as("compliance").http().getForEntity("/api/models/drafts/collection-case.bpmn", String.class)
        .getStatusCode()).as("the deploy consumed the draft").isEqualTo(HttpStatus.NOT_FOUND);
    JsonNode diff = api.as("compliance").get("/api/models/collection-case/diff?from=" + before + "&to=" + (before + 1));
    assertThat(diff.path("changed").size()).isOne();
    assertThat(diff.path("changed").get(0).asText()).startsWith("call-debtor");
    assertThat(diff.path("added").size()).isZero();
    assertThat(diff.path("removed").size()).isZero();
    assertThat(deployed.get(0).path("version").asInt()).isEqualTo(before + 1);

    UUID caseId = api.importAccount(Api.unique("MODEL") + "-1", "250.00");
    api.awaitEvent(caseId, "STAGE_ENTERED", 1);
    assertThat(api.caseView(caseId).path("processVersion").asInt()).isEqualTo(before + 1);

    JsonNode registry = api.as("manager").get("/api/models");
    JsonNode caseProcess = null;
    for (JsonNode model : registry) {
      if (model.path("modelId").asText().equals("collection-case")) {
        caseProcess = model;
      }
    }
    JsonNode newest = caseProcess.path("versions").get(0);
    assertThat(newest.path("version").asInt()).isEqualTo(before + 1);
    assertThat(newest.path("changeNote").asText()).isEqualTo("Clearer name for the call task");
    assertThat(newest.path("deployedBy").asText()).isEqualTo("compliance");
    assertThat(newest.path("openCases").asLong()).isPositive();
    assertThat(api.as("compliance").http().getForEntity("/api/models/collection-case/versions/" + (before + 1)
        + "/content", String.class).getBody()).contains("Call the debtor");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'MODEL_DEPLOYED' and actor = 'compliance'")
        .query(Long.class).single()).isPositive();
  }

  private int latestCaseVersion() {
    return jdbc.sql("select max(version) from model_deployment where model_id = 'collection-case'")
        .query(Integer.class).single();
  }
}
