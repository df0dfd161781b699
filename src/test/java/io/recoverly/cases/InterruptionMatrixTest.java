package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Process completeness (issue 17, finding 6): every pair of interrupting events, in either order, leaves the case
 * with a task, a timer or a closure. Before, a dispute after a cease request canceled the ceased-case review and left
 * the case in DISPUTE with no task and no timer. One case per ordered pair, all driven together on the real engine:
 * <ul>
 *   <li>first events: paid in full, dispute, cease request, legal escalation (the approval pending), plan broken;</li>
 *   <li>second events: what can still happen to the case then (a payment in full, a dispute, a cease request); legal
 *       escalation and a broken plan cannot follow a closure, a dispute under review or a cease request, since those
 *       stop collection, so they appear only as first events.</li>
 * </ul>
 */
class InterruptionMatrixTest extends ApiTestSupport {

  enum Event { PAID_IN_FULL, DISPUTE, CEASE, LEGAL, PLAN_BROKEN }

  record Scenario(Event first, Event second, UUID caseId) {
    @Override
    public String toString() {
      return first + " then " + second;
    }
  }

  @Test
  void everyPairOfInterruptingEventsLeavesATaskATimerOrAClosure() {
    String tag = Api.unique("PAIR");
    List<Scenario> scenarios = new ArrayList<>();
    Map<Event, List<Event>> seconds = new LinkedHashMap<>();
    seconds.put(Event.PAID_IN_FULL, List.of(Event.DISPUTE, Event.CEASE, Event.PAID_IN_FULL));
    seconds.put(Event.DISPUTE, List.of(Event.PAID_IN_FULL, Event.CEASE, Event.DISPUTE));
    seconds.put(Event.CEASE, List.of(Event.PAID_IN_FULL, Event.DISPUTE, Event.CEASE));
    seconds.put(Event.LEGAL, List.of(Event.PAID_IN_FULL, Event.DISPUTE, Event.CEASE));
    seconds.put(Event.PLAN_BROKEN, List.of(Event.PAID_IN_FULL, Event.DISPUTE, Event.CEASE));
    StringBuilder csv = new StringBuilder(Api.CSV_HEADER).append('\n');
    int n = 0;
    List<String[]> refs = new ArrayList<>();
    for (var entry : seconds.entrySet()) {
      for (Event second : entry.getValue()) {
        String ref = tag + "-" + (++n);
        boolean legal = entry.getKey() == Event.LEGAL;
        csv.append(String.join(",", ref, "Jane Doe", "+14155550123", "jane.doe@example.com",
            "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", "PAIRS", "1000.00", legal ? "5000.00" : "500.00",
            "USD", legal ? "200" : "20")).append('\n');
        refs.add(new String[] {ref, entry.getKey().name(), second.name()});
      }
    }
    api.body(api.post("/api/portfolios/import", csv.toString(), MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    JsonNode page = api.get("/api/cases?product=PAIRS&size=500&status=OPEN");
    for (String[] r : refs) {
      for (JsonNode item : page.path("items")) {
        if (item.path("accountRef").asText().equals(r[0])) {
          scenarios.add(new Scenario(Event.valueOf(r[1]), Event.valueOf(r[2]),
              UUID.fromString(item.path("id").asText())));
        }
      }
    }
    assertThat(scenarios).hasSize(refs.size());
    scenarios.forEach(s -> api.awaitEvent(s.caseId(), "REMINDER_SENT", 1));

    // the first events that need time: legal escalation after two unanswered cycles, a plan broken after two misses
    boolean[] planAgreed = new boolean[scenarios.size()];
    for (int step = 0; step < 12 && !firstEventsReached(scenarios); step++) {
      api.advanceClock("P3D");
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario s = scenarios.get(i);
        if (s.first() != Event.LEGAL && s.first() != Event.PLAN_BROKEN) {
          continue;
        }
        JsonNode call = openTask(s.caseId(), "call-debtor");
        if (call == null) {
          continue;
        }
        if (s.first() == Event.PLAN_BROKEN && !planAgreed[i]) {
          api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "PLAN_REQUESTED",
              "planInstallments", 3, "planFrequency", "WEEKLY", "planFirstDueDate", api.debtorDate(1))),
              HttpStatus.OK);
          planAgreed[i] = true;
        } else if (s.first() == Event.LEGAL) {
          api.body(api.completeTask(call.path("id").asText(), "agent", Map.of("callOutcome", "NO_ANSWER")),
              HttpStatus.OK);
        }
      }
    }
    assertThat(firstEventsReached(scenarios)).as("legal escalations and broken plans reached").isTrue();
    // the first events that happen at once
    for (Scenario s : scenarios) {
      switch (s.first()) {
        case PAID_IN_FULL -> {
          api.body(api.pay(s.caseId(), balance(s.caseId()), "USD", Api.unique("pif")), HttpStatus.CREATED);
          api.awaitEvent(s.caseId(), "CASE_CLOSED", 1);
        }
        case DISPUTE -> {
          dispute(s.caseId(), HttpStatus.CREATED);
          api.awaitOpenTask(s.caseId(), "review-dispute");
        }
        case CEASE -> {
          cease(s.caseId(), HttpStatus.OK);
          api.awaitOpenTask(s.caseId(), "review-ceased-case");
        }
        default -> { }
      }
    }

    // the second events
    for (Scenario s : scenarios) {
      boolean closed = api.caseView(s.caseId()).path("status").asText().equals("CLOSED");
      switch (s.second()) {
        case PAID_IN_FULL -> {
          var paid = api.pay(s.caseId(), closed ? "10.00" : balance(s.caseId()), "USD", Api.unique("pif2"));
          assertThat(paid.getStatusCode()).as(s + ": " + paid.getBody()).isEqualTo(HttpStatus.CREATED);
        }
        case DISPUTE -> dispute(s.caseId(), closed ? HttpStatus.CONFLICT
            : s.first() == Event.DISPUTE ? HttpStatus.CONFLICT : HttpStatus.CREATED);
        case CEASE -> cease(s.caseId(), closed ? HttpStatus.CONFLICT : HttpStatus.OK);
        default -> throw new IllegalStateException();
      }
    }

    // every case has a task for a person, or is closed (no case here waits on a timer: collection is stopped)
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> scenarios.stream().allMatch(this::settled));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported below, scenario by scenario
    }
    Map<String, String> outcomes = new LinkedHashMap<>();
    scenarios.forEach(s -> outcomes.put(s.toString(), describe(s.caseId()) + (settled(s) ? "" : " (no task)")
        + (api.count(s.caseId(), "INCIDENT") > 0 ? " INCIDENT" : "")));
    System.out.println("Interruption matrix: " + outcomes);
    for (Scenario s : scenarios) {
      assertThat(settled(s)).as(s + ": " + outcomes).isTrue();
      assertThat(api.count(s.caseId(), "INCIDENT")).as(s + ": no incident").isZero();
    }
    for (Scenario s : scenarios) {
      String state = describe(s.caseId());
      String expected = switch (s.second()) {
        case PAID_IN_FULL -> s.first() == Event.PAID_IN_FULL ? "CLOSED PAID_IN_FULL" : "CLOSED PAID_IN_FULL";
        case DISPUTE -> s.first() == Event.PAID_IN_FULL ? "CLOSED PAID_IN_FULL"
            : s.first() == Event.CEASE ? "OPEN review-ceased-dispute" : "OPEN review-dispute";
        case CEASE -> s.first() == Event.PAID_IN_FULL ? "CLOSED PAID_IN_FULL"
            : s.first() == Event.DISPUTE ? "OPEN review-ceased-dispute" : "OPEN review-ceased-case";
        default -> throw new IllegalStateException();
      };
      assertThat(state).as(s.toString()).isEqualTo(expected);
    }

    // a dispute reviewed while contact has ceased goes back to the supervisor's review when rejected
    for (Scenario s : scenarios) {
      if (describe(s.caseId()).equals("OPEN review-ceased-dispute")) {
        String review = openTask(s.caseId(), "review-ceased-dispute").path("id").asText();
        api.body(api.completeTask(review, "compliance", Map.of("disputeDecision", "REJECTED",
            "disputeResolution", "The creditor's records verify the debt.")), HttpStatus.OK);
        api.awaitOpenTask(s.caseId(), "review-ceased-case");
        assertThat(api.count(s.caseId(), "DISPUTE_REJECTED")).as(s.toString()).isOne();
        // back in the supervisor's review, not "collection resumes"
        assertThat(api.caseView(s.caseId()).path("stage").asText()).as(s.toString()).isEqualTo("REVIEW");
      }
    }
    // no closed case keeps a dispute open
    assertThat(jdbc.sql("select count(*) from dispute d join collection_case c on c.id = d.case_id"
        + " where c.status = 'CLOSED' and d.state = 'OPEN' and c.id = any(cast(:ids as uuid[]))")
        .param("ids", scenarios.stream().map(s -> s.caseId().toString()).toArray(String[]::new))
        .query(Long.class).single()).isZero();
  }

  private boolean firstEventsReached(List<Scenario> scenarios) {
    for (Scenario s : scenarios) {
      if (s.first() == Event.LEGAL && openTask(s.caseId(), "approve-legal-escalation") == null) {
        return false;
      }
      if (s.first() == Event.PLAN_BROKEN && api.count(s.caseId(), "PLAN_BROKEN") == 0) {
        return false;
      }
    }
    return true;
  }

  /** The case is closed, or has an open task and nothing of its own in flight (an engine command not yet taken). */
  private boolean settled(Scenario s) {
    long pending = jdbc.sql("select count(*) from engine_command where status in ('PENDING', 'SENDING')"
        + " and (reference like :task or correlation_key = :case)").param("task", "task:%")
        .param("case", s.caseId().toString()).query(Long.class).single();
    JsonNode view = api.caseView(s.caseId());
    return pending == 0 && (view.path("status").asText().equals("CLOSED") || !api.openTasks(s.caseId()).isEmpty());
  }

  private String describe(UUID caseId) {
    JsonNode view = api.caseView(caseId);
    if (view.path("status").asText().equals("CLOSED")) {
      return "CLOSED " + view.path("outcome").asText();
    }
    List<String> open = new ArrayList<>();
    api.openTasks(caseId).forEach(t -> open.add(t.path("elementId").asText()));
    return "OPEN " + String.join(",", open);
  }

  private JsonNode openTask(UUID caseId, String elementId) {
    for (JsonNode task : api.openTasks(caseId)) {
      if (task.path("elementId").asText().equals(elementId)) {
        return task;
      }
    }
    return null;
  }

  private String balance(UUID caseId) {
    return api.caseView(caseId).path("balance").decimalValue().toPlainString();
  }

  private void dispute(UUID caseId, HttpStatus expected) {
    var response = api.post("/api/cases/" + caseId + "/disputes", "{\"reason\":\"NOT_MY_DEBT\"}",
        MediaType.APPLICATION_JSON);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expected);
  }

  private void cease(UUID caseId, HttpStatus expected) {
    var response = api.post("/api/cases/" + caseId + "/cease-communication", "{\"reason\":\"asked in writing\"}",
        MediaType.APPLICATION_JSON);
    assertThat(response.getStatusCode()).as(response.getBody()).isIn(expected, expected == HttpStatus.OK
        ? HttpStatus.CREATED : expected);
  }
}
