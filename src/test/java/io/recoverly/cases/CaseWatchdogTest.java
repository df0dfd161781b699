package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A case with no task, no timer ahead and nothing on its way to the engine is detected and shown as stuck (issue 17,
 * finding 6): here a case whose process instance was canceled behind the app's back.
 */
class CaseWatchdogTest extends ApiTestSupport {

  @Autowired CamundaClient client;
  @Autowired CaseTimeline timeline;
  @Autowired Clock clock;
  @Autowired TransactionTemplate tx;

  @Test
  void aCaseNothingWillMoveIsFlaggedOnceAndClearedWhenItMoves() {
    UUID stuck = api.importAccount(Api.unique("STUCK") + "-1", "300.00");
    UUID waiting = api.importAccount(Api.unique("STUCK") + "-2", "300.00");
    api.awaitEvent(stuck, "REMINDER_SENT", 1);
    api.awaitEvent(waiting, "REMINDER_SENT", 1);
    long instance = jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", stuck)
        .query(Long.class).single();
    // the reminder set the next activity: the cadence timer
    assertThat(jdbc.sql("select next_activity_at from collection_case where id = :id").param("id", waiting)
        .query(java.sql.Timestamp.class).single()).isNotNull();

    client.newCancelInstanceCommand(instance).send().join();
    CaseWatchdog watchdog = new CaseWatchdog(jdbc, timeline, clock, new SimpleMeterRegistry(), Duration.ZERO, null);
    // its timer is still ahead: not stuck yet
    watchdog.round();
    assertThat(watchdog.round()).doesNotContain(stuck);

    // the cadence passes (and an hour more): the waiting case gets its call task, the other one nothing
    java.time.Instant next = jdbc.sql("select next_activity_at from collection_case where id = :id").param("id", stuck)
        .query(java.sql.Timestamp.class).single().toInstant();
    api.advanceClock(Duration.between(api.engineNow(), next).plusMinutes(CaseWatchdog.OVERDUE_MINUTES + 5).toString());
    api.awaitOpenTask(waiting, "call-debtor");
    // a case looking stuck on one round is only suspected: one in passing between two steps is not stuck
    CaseWatchdog patient = new CaseWatchdog(jdbc, timeline, clock, new SimpleMeterRegistry(), Duration.ofHours(1), null);
    assertThat(patient.round()).doesNotContain(stuck);
    assertThat(jdbc.sql("select stuck_suspected_at from collection_case where id = :id").param("id", stuck)
        .query(java.sql.Timestamp.class).single()).isNotNull();
    assertThat(watchdog.round()).contains(stuck).doesNotContain(waiting);
    assertThat(watchdog.round()).doesNotContain(stuck); // once
    assertThat(api.count(stuck, "CASE_STUCK")).isOne();
    assertThat(api.count(waiting, "CASE_STUCK")).isZero();
    assertThat(api.as("manager").get("/api/metrics/kpis?from=2020-01-01&to=2024-12-31").path("incidents")
        .path("stuckNow").asLong()).isPositive();

    // a case that moves again (here: it closes) is cleared
    api.body(api.pay(stuck, "300.00", "USD", Api.unique("unstick")), org.springframework.http.HttpStatus.CREATED);
    jdbc.sql("update collection_case set status = 'CLOSED' where id = :id").param("id", stuck).update();
    watchdog.round();
    assertThat(jdbc.sql("select stuck_at from collection_case where id = :id").param("id", stuck)
        .query(java.sql.Timestamp.class).optional().orElse(null)).isNull();
  }
}
