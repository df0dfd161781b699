package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A task keeps the form version it was created with: compliance deploying a new version of its form (here with a new
 * required field) changes neither what the open task shows nor what its submission must hold, so the process that
 * asked for the old fields gets them (issue 18: forms by id and version, from the database, on any node).
 */
// deploys form versions: an application of its own (the model-changing tests rename the call task)
@org.springframework.test.context.TestPropertySource(properties = "recoverly.test.isolation=form-versions")
class FormVersionTest extends ApiTestSupport {

  @Test
  void anOpenTaskKeepsItsFormVersionWhenANewOneIsDeployed() throws Exception {
    UUID caseId = api.importAccount(Api.unique("FORMV") + "-1", "300.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String taskId = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();

    String v1 = Files.readString(Path.of("forms/call-debtor.form"));
    String v2 = v1
        .replace("### Call the debtor", "### Call the debtor (version two)")
        .replace("\"components\": [", """
            "components": [
                {"id": "supervisor-code", "key": "supervisorCode", "type": "textfield", "label": "Supervisor code",
                 "validate": {"required": true}},""");
    api.body(api.as("compliance").post("/api/models/deploy", json.writeValueAsString(Map.of("resourceName",
        "call-debtor.form", "content", v2, "changeNote", "a required supervisor code")), MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);

    String shown = api.as("agent").get("/api/tasks/" + taskId).path("form").toString();
    assertThat(shown).as("the open task shows its own version").doesNotContain("version two")
        .doesNotContain("supervisorCode").contains("callOutcome");
    api.claimTask(taskId, "agent");
    assertThat(api.completeTask(taskId, "agent", Map.of("callOutcome", "NO_ANSWER")).getStatusCode())
        .as("the old version's fields are enough").isEqualTo(HttpStatus.OK);
  }
}
