package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.GuardSwitch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The independent audit against a deliberately broken guard (issue 22): with the test switch on for one case, its
 * reminders go out at night and before the validation notice; the audit, which never asks the guard, finds them, and
 * finds nothing on the case next to it that the real guard held.
 */
class ViolationAuditTest extends ApiTestSupport {

  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @Autowired GuardSwitch guardSwitch;

  @AfterEach
  void mend() {
    guardSwitch.mend();
    api.advanceToLocalTime(Api.BUSINESS_HOURS, java.time.ZoneOffset.UTC);
  }

  private UUID importCase(String ref) {
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Night Owl", "+14155550123", "", "\"1 Main St,"
        + " Springfield, IL 62701\"", "America/Chicago", "US", "AUDIT", "1000.00", "400.00", "USD", "20") + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    return UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
  }

  @Test
  void theAuditFindsWhatABrokenGuardLetThroughAndNothingElse() {
    api.advanceToLocalTime(LocalTime.of(23, 0), CHICAGO);
    Instant from = api.engineNow().minusSeconds(60);
    // the switch breaks the guard for the first account before it is placed; the second keeps the real guard
    String prefix = Api.unique("AUDIT");
    guardSwitch.breakFor(prefix + "-1");
    UUID broken = importCase(prefix + "-1");
    UUID kept = importCase(prefix + "-2");

    // 23:00 in Chicago: the broken case's SMS reminder goes out now, the kept case's waits for 08:00
    await().atMost(Duration.ofSeconds(40)).until(() -> jdbc.sql("select count(*) from outbound_message"
        + " where case_id = :c and channel = 'SMS' and status = 'SENT'").param("c", broken).query(Long.class)
        .single() > 0);
    api.advanceClock("PT5S");
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from outbound_message"
        + " where case_id = :c and status = 'PENDING' and send_after is not null").param("c", kept)
        .query(Long.class).single() > 0);
    assertThat(jdbc.sql("select count(*) from outbound_message where case_id = :c and channel = 'SMS'"
        + " and status = 'SENT'").param("c", kept).query(Long.class).single()).isZero();

    JsonNode report = api.as("compliance").get("/api/compliance/violations?from=" + from + "&to="
        + api.engineNow().plusSeconds(60));
    assertThat(report.path("checked").asInt()).isPositive();
    String found = report.path("violations").toString();
    assertThat(report.path("violations").findValuesAsText("caseId")).contains(broken.toString())
        .doesNotContain(kept.toString());
    assertThat(found).contains("CONTACT_HOURS");
    assertThat(report.path("violations").findValuesAsText("rule")).containsAnyOf("VALIDATION_NOTICE",
        "CONTACT_HOURS");
    assertThat(report.path("rules").toString()).contains("CALL_CAP", "CONVERSATION_COOLDOWN", "OPT_OUT");

    // refused: a period backwards or too long, a bad date, another role
    for (String bad : new String[] {"from=2026-12-05&to=2026-12-01", "from=2020-01-01&to=2026-01-01",
        "from=0000-01-01&to=0000-12-31", "from=2201-01-01&to=2201-02-01", "from=2026-12-05&to=2026-12-05",
        "from=yesterday", "from=-5000-01-01", "limit=1e309"}) {
      assertThat(api.as("compliance").http().getForEntity("/api/compliance/violations?" + bad, String.class)
          .getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(api.as("agent").http().getForEntity("/api/compliance/violations", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }
}
