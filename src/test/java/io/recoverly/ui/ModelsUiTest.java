package io.recoverly.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.BrowserRun;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Model management in a real browser ({@code src/main/frontend/e2e/models.e2e.mjs}): a compliance officer changes the
 * reminder cadence timer in bpmn-js, validates, deploys with a note and sees the new version; a broken change is
 * refused with the element marked on the diagram.
 */
// deploys new versions of the case process: shares the application of the other model-changing tests
@TestPropertySource(properties = "recoverly.test.isolation=model-changes")
class ModelsUiTest extends ApiTestSupport {

  @LocalServerPort int port;

  @Test
  void aComplianceOfficerChangesATimerAndDeploysANewVersion() throws Exception {
    BrowserRun.run("models.e2e.mjs", port, Map.of());

    JsonNode caseProcess = null;
    for (JsonNode model : api.get("/api/models")) {
      if (model.path("modelId").asText().equals("collection-case")) {
        caseProcess = model;
      }
    }
    JsonNode newest = caseProcess.path("versions").get(0);
    assertThat(newest.path("changeNote").asText()).isEqualTo("Reminder cadence fixed at 3 days for all strategies");
    String content = api.http().getForEntity("/api/models/collection-case/versions/" + newest.path("version").asInt()
        + "/content", String.class).getBody();
    assertThat(content).containsPattern("<bpmn:timeDuration[^>]*>P3D</bpmn:timeDuration>");
    assertThat(BrowserRun.OUT.resolve("model-registry.png")).isNotEmptyFile();
  }
}
