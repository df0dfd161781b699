package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * One test per contact rule, on the engine clock: each would fail without its rule. Seeded policies: US Regulation F
 * (08:00-21:00, 7 calls in 7 days, 7 days after a conversation, validation notice) and India RBI (08:00-19:00).
 */
class ContactGuardTest extends ApiTestSupport {

  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

  @AfterEach
  void backToBusinessHours() {
    api.advanceToLocalTime(Api.BUSINESS_HOURS, ZoneOffset.UTC);
  }

  private UUID usCase(String tag) {
    UUID caseId = api.importAccount(Api.unique(tag) + "-1", "900.00");
    api.awaitEvent(caseId, "REMINDER_SENT", 1);
    return caseId;
  }

  private JsonNode check(UUID caseId, String channel) {
    return api.get("/api/cases/" + caseId + "/contact-check?channel=" + channel);
  }

  /** Contact history as the fixture: calls recorded at the given times (engine time). */
  private void calls(UUID caseId, String outcome, Instant... at) {
    for (Instant t : at) {
      jdbc.sql("insert into contact_attempt (case_id, channel, attempted_at, outcome, guard_allowed, guard_rule, agent)"
              + " values (:id, 'CALL', :at, :outcome, true, 'ALLOW', 'agent')")
          .param("id", caseId).param("at", Timestamp.from(t)).param("outcome", outcome).update();
    }
  }

  @Test
  void theEighthCallInSevenDaysIsBlockedUntilTheOldestLeavesTheWindow() {
    UUID caseId = usCase("CAP");
    Instant now = api.engineNow().truncatedTo(ChronoUnit.SECONDS); // the database keeps microseconds
    Instant oldest = now.minus(Duration.ofDays(6));
    calls(caseId, "NO_ANSWER", oldest, now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(4)),
        now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    assertThat(check(caseId, "CALL").path("allowed").asBoolean()).as("6 calls: a 7th is allowed").isTrue();

    calls(caseId, "NO_ANSWER", now.minus(Duration.ofHours(1)));
    JsonNode eighth = check(caseId, "CALL");
    assertThat(eighth.path("allowed").asBoolean()).isFalse();
    assertThat(eighth.path("rule").asText()).isEqualTo("CALL_FREQUENCY");
    // free again when the oldest call is 7 days old (15:00 UTC is inside Chicago's hours: no snapping needed)
    assertThat(Instant.parse(eighth.path("nextAllowedAt").asText())).isEqualTo(oldest.plus(Duration.ofDays(7)));
    // written reminders are not calls: not capped
    assertThat(check(caseId, "SMS").path("allowed").asBoolean()).isTrue();
  }

  @Test
  void noCallWithinSevenDaysOfATelephoneConversation() {
    UUID caseId = usCase("CONV");
    Instant talked = api.engineNow().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
    calls(caseId, "NO_ANSWER", api.engineNow().minus(Duration.ofHours(2)));
    assertThat(check(caseId, "CALL").path("allowed").asBoolean()).as("an unanswered call is no conversation").isTrue();

    calls(caseId, "RIGHT_PARTY_CONTACT", talked);
    JsonNode blocked = check(caseId, "CALL");
    assertThat(blocked.path("rule").asText()).isEqualTo("CONVERSATION_COOLDOWN");
    assertThat(Instant.parse(blocked.path("nextAllowedAt").asText())).isEqualTo(talked.plus(Duration.ofDays(7)));

    // the process holds the next call until then: the cadence passes, the call waits
    api.advanceClock("P5D");
    // (the cadence timer may start a moment after the reminder's event: nudge the clock until it has fired)
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      boolean held = api.eventTypes(caseId).contains("CONTACT_RESCHEDULED");
      if (!held) {
        api.advanceClock("PT1M");
      }
      return held;
    });
    assertThat(api.openTasks(caseId)).isEmpty();
    api.advanceClock("P1D");
    JsonNode call = api.awaitOpenTask(caseId, "call-debtor");
    assertThat(Instant.parse(call.path("createdAt").asText())).isAfterOrEqualTo(talked.plus(Duration.ofDays(7)));
  }

  @Test
  void at2105DebtorLocalAReminderIsHeldUntil0800AndACallIsRefused() {
    UUID caseId = usCase("HOURS");
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");

    Instant late = api.advanceToLocalTime(LocalTime.of(21, 5), CHICAGO);
    Instant eight = late.atZone(CHICAGO).plusDays(1).with(LocalTime.of(8, 0)).toInstant();
    JsonNode decision = check(caseId, "CALL");
    assertThat(decision.path("rule").asText()).isEqualTo("CONTACT_HOURS");
    assertThat(Instant.parse(decision.path("nextAllowedAt").asText())).isEqualTo(eight);
    assertThat(decision.path("reason").asText()).contains("08:00-21:00");
    // the FDCPA's inconvenient-time rule covers every communication: a field visit too (issue 17, finding 9)
    JsonNode visit = check(caseId, "VISIT");
    assertThat(visit.path("allowed").asBoolean()).isFalse();
    assertThat(visit.path("rule").asText()).isEqualTo("CONTACT_HOURS");
    assertThat(Instant.parse(visit.path("nextAllowedAt").asText())).isEqualTo(eight);

    // the agent cannot record a call now: 409 with the rule and the next allowed time; the task stays open
    var refused = api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER"));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode problem = api.read(refused.getBody());
    assertThat(problem.path("rule").asText()).isEqualTo("CONTACT_HOURS");
    assertThat(Instant.parse(problem.path("nextAllowedAt").asText())).isEqualTo(eight);
    assertThat(api.get("/api/tasks/" + call.path("id").asText()).path("task").path("state").asText()).isEqualTo("OPEN");

    // a reminder at 21:05 is queued for 08:00, not sent and not dropped
    UUID late2 = api.importAccount(Api.unique("HOURS") + "-2", "400.00");
    api.awaitEvent(late2, "REMINDER_RESCHEDULED", 1);
    Timestamp sendAfter = jdbc.sql("select send_after from outbound_message where case_id = :id"
        + " and template = 'payment-reminder'").param("id", late2).query(Timestamp.class).single();
    assertThat(sendAfter.toInstant()).isEqualTo(eight);
    JsonNode attempt = api.get("/api/cases/" + late2 + "/contacts").path(1);
    assertThat(attempt.path("outcome").asText()).isEqualTo("RESCHEDULED");
    assertThat(attempt.path("guardAllowed").asBoolean()).isFalse();
    assertThat(attempt.path("guardRule").asText()).isEqualTo("CONTACT_HOURS");
    assertThat(Instant.parse(attempt.path("nextAllowedAt").asText())).isEqualTo(eight);

    // at 08:00 the call may be recorded
    api.advanceToLocalTime(LocalTime.of(8, 0), CHICAGO);
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    JsonNode lastCall = null;
    for (JsonNode attemptMade : api.get("/api/cases/" + caseId + "/contacts")) {
      if (attemptMade.path("channel").asText().equals("CALL")) {
        lastCall = attemptMade;
      }
    }
    assertThat(lastCall).isNotNull();
    assertThat(lastCall.path("outcome").asText()).isEqualTo("NO_ANSWER");
    assertThat(lastCall.path("guardRule").asText()).isEqualTo("ALLOW");
  }

  @Test
  void indiaAllowsContactUntil1900DebtorLocal() {
    String ref = Api.unique("RBI");
    String csv = Api.CSV_HEADER + "\n" + String.join(",", ref, "Ravi Kumar", "+919812345678", "ravi@example.in",
        "\"12 MG Road, Pune\"", "Asia/Kolkata", "IN", "FLOW", "50000", "42000", "INR", "20") + "\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    UUID caseId = UUID.fromString(api.get("/api/cases?product=FLOW&size=500&status=OPEN").findParents("accountRef")
        .stream().filter(c -> c.path("accountRef").asText().equals(ref)).findFirst().orElseThrow().path("id").asText());

    api.advanceToLocalTime(LocalTime.of(18, 55), KOLKATA);
    assertThat(check(caseId, "CALL").path("allowed").asBoolean()).isTrue();
    Instant evening = api.advanceToLocalTime(LocalTime.of(19, 30), KOLKATA);
    for (String channel : new String[] {"CALL", "SMS", "VISIT"}) {
      JsonNode blocked = check(caseId, channel);
      assertThat(blocked.path("rule").asText()).as(channel).isEqualTo("CONTACT_HOURS");
      assertThat(Instant.parse(blocked.path("nextAllowedAt").asText()))
          .isEqualTo(evening.atZone(KOLKATA).plusDays(1).with(LocalTime.of(8, 0)).toInstant());
    }
    // the US rules are not India's: no validation notice and no call cap there
    assertThat(jdbc.sql("select count(*) from validation_notice where case_id = :id").param("id", caseId)
        .query(Long.class).single()).isZero();
  }

  @Test
  void anOpenDisputeAndACeaseRequestBlockEveryChannel() {
    UUID disputed = usCase("GUARD");
    api.body(api.post("/api/cases/" + disputed + "/disputes", "{\"reason\":\"WRONG_AMOUNT\"}",
        MediaType.APPLICATION_JSON), HttpStatus.CREATED);
    JsonNode dispute = check(disputed, "SMS");
    assertThat(dispute.path("rule").asText()).isEqualTo("DISPUTE_OPEN");
    assertThat(dispute.path("nextAllowedAt").isNull()).isTrue();

    UUID ceased = usCase("GUARD");
    api.body(api.post("/api/cases/" + ceased + "/cease-communication", "{}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    for (String channel : new String[] {"CALL", "SMS", "EMAIL", "LETTER", "VISIT"}) {
      assertThat(check(ceased, channel).path("rule").asText()).as(channel).isEqualTo("CEASE_COMMUNICATION");
    }
    long before = jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", ceased)
        .query(Long.class).single();
    api.advanceClock("P10D");
    api.awaitEvent(ceased, "STAGE_ENTERED", 1);
    assertThat(jdbc.sql("select count(*) from outbound_message where case_id = :id").param("id", ceased)
        .query(Long.class).single()).as("nothing goes out after the request").isEqualTo(before);
  }

  @Test
  void anEmailOptOutIsRespected() {
    UUID caseId = usCase("OPTOUT");
    assertThat(api.post("/api/cases/" + caseId + "/opt-outs", "{\"channel\":\"LETTER\"}", MediaType.APPLICATION_JSON)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    api.body(api.post("/api/cases/" + caseId + "/opt-outs", "{\"channel\":\"EMAIL\"}", MediaType.APPLICATION_JSON),
        HttpStatus.CREATED);
    assertThat(check(caseId, "EMAIL").path("rule").asText()).isEqualTo("OPT_OUT");

    // the second cycle's channel would be e-mail: it goes by another channel
    JsonNode call = api.advanceUntilOpenTask(caseId, "call-debtor", "P5D");
    api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")), HttpStatus.OK);
    api.awaitEvent(caseId, "REMINDER_SENT", 2);
    assertThat(jdbc.sql("select channel from outbound_message where case_id = :id and template = 'payment-reminder'"
        + " order by id").param("id", caseId).query(String.class).list()).containsExactly("SMS", "SMS");
    assertThat(api.eventTypes(caseId)).contains("OPT_OUT_RECORDED");
    assertThat(jdbc.sql("select summary from case_event where case_id = :id and type = 'REMINDER_SENT' order by id"
        + " desc limit 1").param("id", caseId).query(String.class).single()).contains("EMAIL opted out");
  }
}
