package io.recoverly.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The agent workbench in a real browser: Debian's Chromium driven by playwright-core (npm) runs
 * {@code src/main/frontend/e2e/workbench.e2e.mjs} against this running app. Screenshots land in {@code target/ui/}.
 * Needs {@code /usr/bin/chromium} ({@code apt-get install -y chromium}; {@code .ci/run} installs it) and the
 * front end's npm packages (installed by the Maven build).
 */
class WorkbenchUiTest extends ApiTestSupport {

  static final Path FRONTEND = Path.of("src/main/frontend").toAbsolutePath();
  static final Path CHROMIUM = Path.of(System.getProperty("recoverly.chromium", "/usr/bin/chromium"));

  @LocalServerPort int port;

  @Test
  void anAgentWorksACallTaskInTheBrowser() throws Exception {
    assertThat(CHROMIUM).as("UI tests need Debian's Chromium: apt-get install -y chromium").exists();
    assertThat(FRONTEND.resolve("node_modules/playwright-core")).as("npm packages (built by ./mvnw)").exists();
    String ref = Api.unique("UI");
    UUID caseId = api.importAccount(ref, "800.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    String taskId = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D").path("id").asText();
    // a second waiting call, for the "Next task" button
    UUID other = api.importAccount(Api.unique("UI") + "-NEXT", "500.00");
    api.awaitEvent(other, "REMINDER_SENT", 1);
    api.advanceUntilOpenTask(other, "call-debtor", "P5D");

    Path out = Path.of("target/ui").toAbsolutePath();
    Files.createDirectories(out);
    Path log = out.resolve("workbench-e2e.log");
    ProcessBuilder run = new ProcessBuilder("node", "e2e/workbench.e2e.mjs")
        .directory(FRONTEND.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    run.environment().putAll(Map.of("BASE_URL", "http://localhost:" + port, "ACCOUNT_REF", ref,
        "CASE_ID", caseId.toString(), "OUT_DIR", out.toString(), "CHROMIUM", CHROMIUM.toString()));
    Process browser = run.start();
    boolean finished = browser.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      browser.destroyForcibly();
    }
    String output = read(log);
    assertThat(finished).as("the browser run finished within 4 minutes:\n" + output).isTrue();
    assertThat(browser.exitValue()).as(output).isZero();
    assertThat(output).contains("all steps passed");

    // what the browser did, seen from the server
    JsonNode task = api.get("/api/tasks/" + taskId).path("task");
    assertThat(task.path("state").asText()).isEqualTo("COMPLETED");
    assertThat(task.path("completedBy").asText()).isEqualTo("agent");
    JsonNode promise = api.get("/api/cases/" + caseId + "/context").path("promises").get(0);
    assertThat(promise.path("amount").decimalValue()).isEqualByComparingTo("150");
    assertThat(promise.path("promisedFor").asText()).isEqualTo("2030-01-15");
    assertThat(out.resolve("inbox.png")).isNotEmptyFile();
    assertThat(out.resolve("task.png")).isNotEmptyFile();
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no output)";
  }
}
