package io.recoverly.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.BrowserRun;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The agent workbench in a real browser: Debian's Chromium driven by playwright-core (npm) runs
 * {@code src/main/frontend/e2e/workbench.e2e.mjs} against this running app. Screenshots land in {@code target/ui/}.
 * Needs {@code /usr/bin/chromium} ({@code apt-get install -y chromium}; {@code .ci/run} installs it) and the
 * front end's npm packages (installed by the Maven build).
 */
class WorkbenchUiTest extends ApiTestSupport {

  @LocalServerPort int port;

  @Test
  void anAgentWorksACallTaskInTheBrowser() throws Exception {
    String ref = Api.unique("UI");
    UUID caseId = api.importAccount(ref, "800.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String taskId = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
    // a second waiting call, for the "Next task" button
    UUID other = api.importAccount(Api.unique("UI") + "-NEXT", "500.00");
    api.awaitEvent(other, "REMINDER_SENT", 1);
    api.advanceUntilOpenTask(other, "call-debtor", "P5D");

    // a settlement offer above the agent's limit (350 of 800: 56 % off is beyond policy; 600 of 800, 25 % off,
    // needs a supervisor), for the supervisor to approve in the browser
    UUID offered = api.importAccount(Api.unique("UI") + "-SETTLE", "800.00");
    api.awaitEvent(offered, "REMINDER_SENT", 1);
    JsonNode offerCall = api.advanceUntilOpenTask(offered, "call-debtor", "P5D");
    api.body(api.completeTask(offerCall.path("id").asText(), "agent2", Map.of("callOutcome", "SETTLEMENT_REQUESTED",
        "settlementAmount", 600)), org.springframework.http.HttpStatus.OK);
    String approvalId = api.awaitOpenTask(offered, "approve-settlement").path("id").asText();

    BrowserRun.run("workbench.e2e.mjs", port, Map.of("ACCOUNT_REF", ref, "CASE_ID", caseId.toString(),
        "SETTLEMENT_TASK", approvalId));

    // what the browser did, seen from the server
    JsonNode task = api.get("/api/tasks/" + taskId).path("task");
    assertThat(task.path("state").asText()).isEqualTo("COMPLETED");
    assertThat(task.path("completedBy").asText()).isEqualTo("agent");
    JsonNode promise = api.get("/api/cases/" + caseId + "/context").path("promises").get(0);
    assertThat(promise.path("amount").decimalValue()).isEqualByComparingTo("150");
    // the browser promised for 20 days after the engine's today (UTC) when it filled in the form
    assertThat(java.time.LocalDate.parse(promise.path("promisedFor").asText()))
        .isBetween(java.time.LocalDate.ofInstant(api.engineNow(), java.time.ZoneOffset.UTC).plusDays(19),
            java.time.LocalDate.ofInstant(api.engineNow(), java.time.ZoneOffset.UTC).plusDays(21));
    api.awaitEvent(offered, "SETTLEMENT_AGREED", 1); // the supervisor approved it in the browser
    assertThat(BrowserRun.OUT.resolve("inbox.png")).isNotEmptyFile();
    assertThat(BrowserRun.OUT.resolve("settlement-approval.png")).isNotEmptyFile();
    assertThat(BrowserRun.OUT.resolve("task.png")).isNotEmptyFile();
  }
}
