package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Actionable-now routing over a portfolio that spans every time zone, at several engine times across a day: Next task
 * never hands out a task the contact guard blocks at that moment, nothing workable is left behind when it says there is
 * nothing to do, every open task's "workable now" is the guard's answer, and no call task exists for a debtor with no
 * phone (those cases go to verification).
 */
@TestPropertySource(properties = "recoverly.test.isolation=actionable-routing")
class ActionableRoutingTest extends ApiTestSupport {

  private static final String HEADER =
      "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,dpd";
  private static final List<String> ZONES = List.of("Pacific/Pago_Pago", "Pacific/Honolulu", "America/Anchorage",
      "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo",
      "Atlantic/Azores", "Europe/London", "Europe/Berlin", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata",
      "Asia/Kathmandu", "Asia/Shanghai", "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland",
      "Pacific/Chatham", "Pacific/Kiritimati");

  @Test
  void nextTaskHandsOutOnlyWhatTheGuardAllowsAtThatMoment() {
    List<String> rows = new ArrayList<>();
    rows.add(HEADER);
    Set<String> noPhone = new HashSet<>();
    int i = 0;
    for (String zone : ZONES) {
      for (int k = 0; k < 2; k++) {
        i++;
        String ref = "ROUTE-" + i;
        boolean phone = i % 4 != 0;
        if (!phone) {
          noPhone.add(ref);
        }
        // US rules (08:00-21:00 debtor-local, Reg F) wherever the debtor lives, India's (08:00-19:00) in Kolkata
        String jurisdiction = zone.equals("Asia/Kolkata") ? "IN" : "US";
        rows.add(String.join(",", ref, "Debtor " + i, phone ? "+1415555" + String.format("%04d", i) : "",
            "debtor" + i + "@example.com", "\"" + i + " Main St\"", zone, jurisdiction, "ROUTING", "1000.00",
            "500.00", jurisdiction.equals("IN") ? "INR" : "USD", "20"));
      }
    }
    JsonNode imported = api.body(api.post("/api/portfolios/import", String.join("\n", rows) + "\n",
        MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    int cases = rows.size() - 1;
    assertThat(imported.path("imported").asInt()).as(imported.toString()).isEqualTo(cases);
    await().atMost(Duration.ofSeconds(60)).until(() -> count(
        "select count(distinct e.case_id) from case_event e join collection_case c on c.id = e.case_id join account a"
            + " on a.id = c.account_id where a.product = 'ROUTING' and e.type in ('REMINDER_SENT',"
            + " 'REMINDER_RESCHEDULED', 'CONTACT_BLOCKED', 'CONTACT_IMPOSSIBLE')") >= cases);

    // the cadence passes; then a day in steps of 3 hours, at 17 minutes past (never on a contact-hours boundary)
    api.advanceClock("P6D");
    Instant now = api.engineNow();
    Instant first = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(77));
    api.advanceClock(Duration.between(now, first).toString());
    int handedOut = 0;
    int blockedSeen = 0;
    for (int step = 0; step < 9; step++) {
      if (step > 0) {
        api.advanceClock("PT3H");
      }
      settle();
      List<String> release = new ArrayList<>();
      int unsettled = 0;
      while (true) {
        ResponseEntity<String> next = api.as("agent").post("/api/tasks/next", "{}", MediaType.APPLICATION_JSON);
        if (next.getStatusCode() == HttpStatus.NOT_FOUND) {
          JsonNode problem = api.read(next.getBody());
          assertThat(problem.path("title").asText()).isEqualTo("No task to work now");
          // what it says waits is what waits: the open, unclaimed tasks of the agents' queue no window lets through.
          // Read a moment later, the two may differ while the engine still opens or ends tasks (a timer the clock
          // step passed) or a sweep holds a task's row: then the engine settles and Next is asked again; a count
          // that is wrong stays wrong and fails after the last try
          long open = count("select count(*) from user_task"
              + " where state = 'OPEN' and assignee is null and 'agents' = any(groups)");
          if (problem.path("waiting").asLong() != open && ++unsettled < 4) {
            settle();
            continue;
          }
          assertThat(problem.path("waiting").asLong()).as(problem.toString()).isEqualTo(open);
          if (problem.path("waiting").asLong() > 0) {
            blockedSeen++;
            assertThat(problem.path("detail").asText()).contains("cannot be worked yet");
          }
          break;
        }
        JsonNode task = api.body(next, HttpStatus.OK);
        handedOut++;
        assertThat(task.path("availability").path("now").asBoolean()).isTrue();
        String caseId = task.path("caseId").asText();
        if (task.path("elementId").asText().equals("call-debtor")) {
          assertThat(noPhone).as("a call task for a debtor with no phone").doesNotContain(
              task.path("caseSummary").path("accountRef").asText());
          JsonNode guard = api.get("/api/cases/" + caseId + "/contact-check?channel=CALL");
          assertThat(guard.path("allowed").asBoolean()).as("Next task handed out a call the guard blocks: " + guard
              + " at " + api.engineNow() + ", task " + task).isTrue();
          if (handedOut % 3 == 0) {
            release.add(task.path("id").asText()); // left open: it must not come back while the guard blocks it
          } else {
            api.body(api.completeTask(task.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER",
                "callNotes", "no answer")), HttpStatus.OK);
          }
        } else {
          assertThat(task.path("elementId").asText()).isEqualTo("verify-debtor-details");
          api.body(api.completeTask(task.path("id").asText(), "agent", Map.of("verificationResult", "UNREACHABLE",
              "verificationNotes", "skip-trace found nothing")), HttpStatus.OK);
        }
      }
      for (String id : release) {
        api.body(api.as("agent").post("/api/tasks/" + id + "/unclaim", "{}", MediaType.APPLICATION_JSON),
            HttpStatus.OK);
      }
      // every open call's "workable now" is what the guard says at this moment (a fact changed a moment ago, say a
      // notice just sent, is asked again right after its commit: allow that moment)
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        for (JsonNode task : api.get("/api/tasks?elementId=call-debtor&size=500").path("items")) {
          JsonNode guard = api.get("/api/cases/" + task.path("caseId").asText() + "/contact-check?channel=CALL");
          assertThat(task.path("availability").path("now").asBoolean()).as(task + " against " + guard)
              .isEqualTo(guard.path("allowed").asBoolean());
          if (!guard.path("allowed").asBoolean()) {
            assertThat(task.path("availability").path("rule").asText()).isEqualTo(guard.path("rule").asText());
            assertThat(task.path("availability").path("reason").asText()).isNotBlank();
          }
        }
      });
    }
    assertThat(handedOut).as("tasks handed out over the day").isGreaterThan(cases / 2);
    // the day did exercise the time rules: calls were held for their debtors' hours
    assertThat(count("select count(*) from case_event e join collection_case c on c.id = e.case_id join account a"
        + " on a.id = c.account_id where a.product = 'ROUTING' and e.type = 'CONTACT_RESCHEDULED'"))
        .as("calls held until the debtor's contact hours").isPositive();
    System.out.println("Actionable routing: " + handedOut + " tasks handed out; Next task found only waiting work at "
        + blockedSeen + " of 9 steps");

    // no call task, ever, for a debtor with no phone: their cases went to verification instead
    assertThat(count("select count(*) from user_task t join collection_case c on c.id = t.case_id join account a"
        + " on a.id = c.account_id join debtor d on d.id = a.debtor_id where a.product = 'ROUTING'"
        + " and t.element_id = 'call-debtor' and coalesce(d.phone, '') = ''")).isZero();
    assertThat(count("select count(distinct t.case_id) from user_task t join collection_case c on c.id = t.case_id"
        + " join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id where a.product = 'ROUTING'"
        + " and t.element_id = 'verify-debtor-details' and coalesce(d.phone, '') = ''"))
        // most by now; one whose validation notice (by e-mail, in the debtor's hours) is still on its way waits for it
        .isPositive().isLessThanOrEqualTo(noPhone.size());

    // a supervisor sees both: the waiting ones with the rule and when they can be worked, in the debtor's time
    JsonNode waiting = api.get("/api/tasks?actionable=false&size=500");
    JsonNode workable = api.get("/api/tasks?actionable=true&size=500");
    JsonNode all = api.get("/api/tasks?size=500");
    // (were the filter ignored, each part would be the whole list and the sum twice it; CallbackTest checks the
    // filter on a task known to wait)
    assertThat(waiting.path("totalItems").asLong() + workable.path("totalItems").asLong())
        .isEqualTo(all.path("totalItems").asLong());
    assertThat(all.path("workableNow").asLong()).isEqualTo(workable.path("totalItems").asLong());
    for (JsonNode task : waiting.path("items")) {
      assertThat(task.path("availability").path("now").asBoolean()).isFalse();
    }
    // the default order: everything workable now before everything that is not
    boolean seenWaiting = false;
    for (JsonNode task : all.path("items")) {
      boolean workableNow = task.path("availability").path("now").asBoolean();
      assertThat(workableNow && seenWaiting).as("a workable task listed after a waiting one").isFalse();
      seenWaiting |= !workableNow;
    }
  }

  /** Waits until the engine has created what the clock move released (the open tasks stop changing). */
  private void settle() {
    long[] last = {-1};
    await().pollDelay(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(700)).atMost(Duration.ofSeconds(30))
        .until(() -> {
          long open = count("select count(*) + coalesce(sum(extract(epoch from created_at)), 0) from user_task"
              + " where state = 'OPEN'");
          boolean stable = open == last[0];
          last[0] = open;
          return stable && count("select count(*) from engine_command where status in ('PENDING', 'SENDING')") == 0;
        });
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Number.class).single().longValue();
  }
}
