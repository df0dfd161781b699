package io.recoverly.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.BrowserRun;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Communications in a real browser ({@code src/main/frontend/e2e/communications.e2e.mjs}): the templates' editor
 * refuses a validation notice without its itemization, compliance chooses a creditor's itemization date, an agent sees
 * a case's letter kept as a PDF and records a stop for the number on file.
 */
class CommunicationsUiTest extends ApiTestSupport {

  @LocalServerPort int port;

  @Test
  void complianceEditsTemplatesAndAnAgentSeesTheLetterAndRecordsAStop() throws Exception {
    api.advanceToLocalTime(java.time.LocalTime.of(11, 0), java.time.ZoneId.of("America/Chicago"));
    String ref = Api.unique("COMMSUI") + "-1";
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Jane Doe", "+14155550123", "", "\"1 Main St, Springfield,"
        + " IL 62701\"", "America/Chicago", "US", "COMMSUI", "1000.00", "400.00", "USD", "20") + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
    // the validation notice goes by letter: a document of the case once the relay has handed it over
    await().atMost(Duration.ofSeconds(40)).until(() -> api.get("/api/cases/" + caseId + "/documents").size() > 0);

    BrowserRun.run("communications.e2e.mjs", port, Map.of("CASE_ID", caseId.toString()));

    assertThat(jdbc.sql("select count(*) from contact_stop where case_id = :c and medium = 'CALL' and lifted_at is null")
        .param("c", caseId).query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from message_template where template_key = 'validation-notice'"
        + " and change_note = 'try without the table'").query(Long.class).single()).as("the refused draft was not kept")
        .isZero();
    assertThat(BrowserRun.OUT.resolve("template-refused.png")).isNotEmptyFile();
    assertThat(BrowserRun.OUT.resolve("case-stops-documents.png")).isNotEmptyFile();
  }
}
