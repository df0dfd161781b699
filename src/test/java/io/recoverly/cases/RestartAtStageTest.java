package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.RecoverlyApplication;
import io.recoverly.disputes.Disputes;
import io.recoverly.engine.Engine;
import io.recoverly.support.TestInfrastructure;
import io.recoverly.tasks.TaskView;
import io.recoverly.tasks.Tasks;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** After a restart, a case paused in a dispute waits for its review again; a case waiting on a promise keeps it. */
class RestartAtStageTest {

  @Test
  void disputedAndPromisedCasesReEnterTheirStage() {
    Map<String, Object> database = TestInfrastructure.freshDatabase();
    UUID disputed;
    UUID promised;
    UUID settling;
    UUID settlingDisputed;
    try (ConfigurableApplicationContext first = start(database)) {
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      first.getBean(PortfolioImporter.class).importFile(ImportFormat.CSV, new ByteArrayInputStream((
          PortfolioFiles.HEADER + "\n" + PortfolioFiles.csvRow("RS-1", "RESTART", 20, "500.00") + "\n"
              + PortfolioFiles.csvRow("RS-2", "RESTART", 20, "500.00") + "\n"
              + PortfolioFiles.csvRow("RS-3", "RESTART", 20, "500.00") + "\n"
              + PortfolioFiles.csvRow("RS-4", "RESTART", 20, "500.00") + "\n").getBytes()), "test");
      disputed = caseOf(jdbc, "RS-1");
      promised = caseOf(jdbc, "RS-2");
      settling = caseOf(jdbc, "RS-3");
      settlingDisputed = caseOf(jdbc, "RS-4");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(jdbc, "REMINDER_SENT") == 4);
      // no call before the validation notice is sent (the relay hands it to the provider within seconds)
      await().atMost(Duration.ofSeconds(30)).until(() -> events(jdbc, "VALIDATION_NOTICE_SENT") == 4);

      first.getBean(Disputes.class).raise(disputed, "NOT_MY_DEBT", "restart test");
      Engine engine = first.getBean(Engine.class);
      Tasks tasks = first.getBean(Tasks.class);
      TaskView call = advanceUntilTask(engine, tasks, promised, "call-debtor");
      LocalDate due = LocalDate.ofInstant(engine.now(), ZoneOffset.UTC).plusDays(3);
      tasks.complete(call.id(), "agent", Map.of("callOutcome", "PROMISE_TO_PAY", "promiseAmount", 100,
          "promiseDate", due.toString()));
      // a settlement above the agent's limit: its approval task is in the instance the engine will lose
      TaskView settlementCall = awaitTask(tasks, settling, "call-debtor");
      tasks.complete(settlementCall.id(), "agent", Map.of("callOutcome", "SETTLEMENT_REQUESTED",
          "settlementAmount", 350));
      awaitTask(tasks, settling, "approve-settlement");
      // the same, then disputed: the dispute pauses a negotiation whose settlement lives in the lost instance
      TaskView secondSettlement = awaitTask(tasks, settlingDisputed, "call-debtor");
      tasks.complete(secondSettlement.id(), "agent", Map.of("callOutcome", "SETTLEMENT_REQUESTED",
          "settlementAmount", 350));
      awaitTask(tasks, settlingDisputed, "approve-settlement");
      first.getBean(Disputes.class).raise(settlingDisputed, "WRONG_AMOUNT", "restart test");
      awaitTask(tasks, settlingDisputed, "review-dispute");
      awaitTask(tasks, disputed, "review-dispute");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(jdbc, "PROMISE_MADE") == 1);
    }

    try (ConfigurableApplicationContext second = start(database)) {
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      Tasks tasks = second.getBean(Tasks.class);
      // the disputed case is back in review, in the new engine
      TaskView review = awaitTask(tasks, disputed, "review-dispute");
      assertThat(stage(jdbc, disputed)).isEqualTo("DISPUTE");
      tasks.complete(review.id(), "officer", Map.of("disputeDecision", "REJECTED",
          "disputeResolution", "Contract and statements on file"));
      await().atMost(Duration.ofSeconds(30)).until(() -> "CONTACT".equals(stage(jdbc, disputed)));

      // the promised case waits on the same promise and is checked when its date has passed
      await().atMost(Duration.ofSeconds(30)).until(() -> "NEGOTIATION".equals(stage(jdbc, promised))
          && jdbc.sql("select process_instance_key is not null from collection_case where id = :id")
              .param("id", promised).query(Boolean.class).single());
      assertThat(events(jdbc, "PROMISE_MADE")).isEqualTo(1);
      // what the lost instance was negotiating cannot be rebuilt: the debtor is contacted again, no incident
      await().atMost(Duration.ofSeconds(30)).until(() -> "CONTACT".equals(stage(jdbc, settling))
          && jdbc.sql("select process_instance_key is not null from collection_case where id = :id")
              .param("id", settling).query(Boolean.class).single());
      // and after the dispute's review, the negotiation it paused cannot be rebuilt either: back to contact
      TaskView secondReview = awaitTask(tasks, settlingDisputed, "review-dispute");
      tasks.complete(secondReview.id(), "officer", Map.of("disputeDecision", "REJECTED",
          "disputeResolution", "Statements on file"));
      await().atMost(Duration.ofSeconds(30)).until(() -> "CONTACT".equals(stage(jdbc, settlingDisputed)));
      assertThat(events(jdbc, "INCIDENT")).isZero();
      // moves made directly on the engine bean (not through the clock API) are not stored: the new engine's clock
      // starts again at the configured start, and the promise falls due 3 days after the first run's (5 days ahead)
      // clock
      second.getBean(Engine.class).advanceClock(Duration.ofDays(10));
      await().atMost(Duration.ofSeconds(30)).until(() -> events(jdbc, "PROMISE_BROKEN") == 1);
    }
  }

  /** Moves the clock past the 5-day cadence until the call task appears (the timer may start just after a move). */
  private static TaskView advanceUntilTask(Engine engine, Tasks tasks, UUID caseId, String elementId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      engine.advanceClock(Duration.ofDays(5));
      try {
        return awaitTask(tasks, caseId, elementId, Duration.ofSeconds(6));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // timer created after the move: move again
      }
    }
    throw new AssertionError("no " + elementId + " task for " + caseId);
  }

  private static TaskView awaitTask(Tasks tasks, UUID caseId, String elementId) {
    return awaitTask(tasks, caseId, elementId, Duration.ofSeconds(30));
  }

  private static TaskView awaitTask(Tasks tasks, UUID caseId, String elementId, Duration within) {
    TaskView[] found = new TaskView[1];
    await().atMost(within).until(() -> {
      List<TaskView> open = tasks.list(new Tasks.TaskQuery(null, null, null, "OPEN", caseId, null, null, null, null, null, null),
          0, 50).items();
      found[0] = open.stream().filter(t -> t.elementId().equals(elementId)).findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private static UUID caseOf(JdbcClient jdbc, String ref) {
    return jdbc.sql("select c.id from collection_case c join account a on a.id = c.account_id where a.account_ref = :r")
        .param("r", ref).query(UUID.class).single();
  }

  private static String stage(JdbcClient jdbc, UUID id) {
    return jdbc.sql("select stage from collection_case where id = :id").param("id", id).query(String.class).single();
  }

  private static long events(JdbcClient jdbc, String type) {
    return jdbc.sql("select count(*) from case_event where type = :t").param("t", type).query(Long.class).single();
  }

  private static ConfigurableApplicationContext start(Map<String, Object> database) {
    Map<String, Object> properties = new HashMap<>(database);
    properties.put("server.port", 0);
    properties.put("recoverly.engine.port", TestInfrastructure.freePort());
    properties.put("recoverly.demo.enabled", false);
    // inside the debtors' contact hours whatever the time of day the test runs (at 21:00 Chicago time reminders are
    // held and calls refused): both engines start at the same business-hours moment
    properties.put("recoverly.engine.clock-start", TestInfrastructure.BUSINESS_HOURS_START.get().toString());
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return new SpringApplicationBuilder(RecoverlyApplication.class).run(args);
  }
}
