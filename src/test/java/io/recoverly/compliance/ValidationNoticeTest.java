package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Validation notice truth (issue 17, finding 7). A US debtor with no postal address: the notice was held at night,
 * an e-mail opt-out then canceled it, and yet the timeline said VALIDATION_NOTICE_SENT, an SMS reminder went out and a
 * collection call was allowed. Now the notice is sent only when a provider accepts it, a canceled notice moves to the
 * next channel the debtor can receive, and no collection contact goes before a sent notice.
 */
class ValidationNoticeTest extends ApiTestSupport {

  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @AfterEach
  void backToBusinessHours() {
    api.advanceToLocalTime(Api.BUSINESS_HOURS, ZoneOffset.UTC);
  }

  private UUID importWithoutAddress(String ref, String phone, String email) {
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Jane Doe", phone, email, "", "America/Chicago", "US",
        "NOTICE", "1000.00", "400.00", "USD", "20") + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    for (JsonNode item : api.get("/api/cases?product=NOTICE&size=500").path("items")) {
      if (item.path("accountRef").asText().equals(ref)) {
        return UUID.fromString(item.path("id").asText());
      }
    }
    throw new AssertionError(ref);
  }

  @Test
  void aNoticeCanceledByAnOptOutIsNeverSentByTextAndNothingIsCollectedWithoutIt() {
    api.advanceToLocalTime(LocalTime.of(21, 30), CHICAGO);
    UUID caseId = importWithoutAddress(Api.unique("NOTICE") + "-1", "+14155550123", "jane.doe@example.com");
    api.awaitEvent(caseId, "REMINDER_RESCHEDULED", 1);

    // at night: the notice (by e-mail: there is no address) and the reminder are held; nothing is sent
    assertThat(outbox(caseId, "validation-notice")).containsExactly("EMAIL:PENDING");
    assertThat(api.eventTypes(caseId)).doesNotContain("VALIDATION_NOTICE_SENT");
    JsonNode call = api.get("/api/cases/" + caseId + "/contact-check?channel=CALL");
    assertThat(call.path("allowed").asBoolean()).isFalse();

    // the debtor opts out of e-mail before the morning
    api.body(api.post("/api/cases/" + caseId + "/opt-outs", "{\"channel\":\"EMAIL\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    api.advanceToLocalTime(LocalTime.of(8, 0), CHICAGO);

    // the e-mail notice is canceled; a text message cannot carry Model Form B-1, so the notice is undeliverable and
    // no collection contact happens, the phone on file notwithstanding
    api.awaitEvent(caseId, "VALIDATION_NOTICE_UNDELIVERABLE", 1);
    assertThat(outbox(caseId, "validation-notice")).containsExactly("EMAIL:CANCELED");
    assertThat(api.eventTypes(caseId)).doesNotContain("VALIDATION_NOTICE_SENT");
    api.advanceClock("PT1M");
    await().atMost(Duration.ofSeconds(30)).until(() -> !outbox(caseId, "payment-reminder").contains("SMS:PENDING")
        && !outbox(caseId, "payment-reminder").isEmpty());
    assertThat(outbox(caseId, "payment-reminder")).doesNotContain("SMS:SENT");
    JsonNode blocked = api.get("/api/cases/" + caseId + "/contact-check?channel=CALL");
    assertThat(blocked.path("allowed").asBoolean()).isFalse();
    assertThat(blocked.path("rule").asText()).isEqualTo("VALIDATION_NOTICE_REQUIRED");
  }

  @Test
  void aNoticeNothingCanCarryIsUndeliverableAndBlocksCollection() {
    api.advanceToLocalTime(LocalTime.of(21, 30), CHICAGO);
    UUID caseId = importWithoutAddress(Api.unique("NOTICE") + "-2", "", "only.email@example.com");
    api.awaitEvent(caseId, "REMINDER_RESCHEDULED", 1);
    api.body(api.post("/api/cases/" + caseId + "/opt-outs", "{\"channel\":\"EMAIL\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    api.advanceToLocalTime(LocalTime.of(8, 0), CHICAGO);

    // e-mail was the only way to reach the debtor in writing: the notice is undeliverable, not sent
    api.awaitEvent(caseId, "VALIDATION_NOTICE_UNDELIVERABLE", 1);
    assertThat(api.eventTypes(caseId)).doesNotContain("VALIDATION_NOTICE_SENT");
    await().atMost(Duration.ofSeconds(30)).until(() -> outbox(caseId, "payment-reminder").equals(List.of("EMAIL:CANCELED")));
    // and nothing collects: a field visit is refused until the debtor's details are verified
    JsonNode visit = api.get("/api/cases/" + caseId + "/contact-check?channel=VISIT");
    assertThat(visit.path("allowed").asBoolean()).isFalse();
    assertThat(visit.path("rule").asText()).isEqualTo("VALIDATION_NOTICE_REQUIRED");
  }

  private List<String> outbox(UUID caseId, String template) {
    return jdbc.sql("select channel || ':' || status from outbound_message where case_id = :id and template = :t"
        + " order by id").param("id", caseId).param("t", template).query(String.class).list();
  }
}
