package io.recoverly.simulation;

import io.recoverly.engine.ClockMover;
import io.recoverly.tasks.TaskView;
import io.recoverly.tasks.Tasks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A lived-in demo on the first start: before the app reports ready, the demo portfolio is run through a few days of
 * engine time by the real engine and the ordinary services (the demo agents work calls, debtors pay: {@link
 * DemoActivity}), and then a handful of calls end in what sends work to every other queue: a dispute to review, a
 * settlement above the agent's limit to approve, a hardship to assess, payment plans running, a wrong number to verify,
 * a field visit, and a legal escalation to approve (two debtors who never answer).
 * Nothing is written as rows: every task, contact, payment and timeline event is the process's own. Only with the
 * demo portfolio and {@code recoverly.demo.warm-up} (default true); once per database; never in production.
 */
@Component
@ConditionalOnProperty(name = {"recoverly.demo.enabled", "recoverly.demo.activity", "recoverly.demo.warm-up"},
    havingValue = "true", matchIfMissing = false)
class DemoWarmUp {

  private static final Logger log = LoggerFactory.getLogger(DemoWarmUp.class);
  private static final String AGENT = "agent";

  private final JdbcClient jdbc;
  private final ClockMover clock;
  private final Tasks tasks;
  private final java.time.Clock time;
  private final int days;

  DemoWarmUp(JdbcClient jdbc, ClockMover clock, Tasks tasks, java.time.Clock time,
      @Value("${recoverly.demo.warm-up-days:9}") int days) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.tasks = tasks;
    this.time = time;
    this.days = days;
  }

  /** After the portfolio is loaded (order 0), before the start-up report (order 100) and readiness. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(10)
  void warmUp() {
    if (count("select count(*) from case_event where type = 'TASK_COMPLETED'") > 0
        || count("select count(*) from collection_case") == 0) {
      return; // worked before, or no demo portfolio: nothing to warm up
    }
    // once per database, on the one node whose insert wins (each step below commits on its own)
    if (jdbc.sql("insert into demo_step (name, run_at) values ('warm-up', now()) on conflict do nothing").update() == 0) {
      return;
    }
    {
      long started = System.nanoTime();
      await("every demo case started", () -> count("select count(*) from collection_case"
          + " where process_instance_key is null and status = 'OPEN'") == 0);
      quiet();
      // a few days pass: reminders go out, calls come due, the demo agents work them, debtors pay
      for (int day = 0; day < days; day += 3) {
        clock.advance(Duration.ofDays(Math.min(3, days - day)));
        quiet();
        if (answerUnreachable() > 0) {
          quiet();
        }
      }
      int routed = routeToEveryQueue();
      quiet();
      log.info("Demo warmed up in {} s: {} days of engine time, {} calls sent work to the other queues",
          (System.nanoTime() - started) / 1_000_000_000, days, routed);
    }
  }

  /** The cases whose debtors never answer: their contact cycles run out and the escalation rule sends them on. */
  private final java.util.Set<java.util.UUID> unreachable = new java.util.LinkedHashSet<>();

  /**
   * Two debtors far past due with a large balance never answer (chosen at the first step among the calls that can be
   * made now: the later steps come at the same time of day, so their calls can be made then too). After two contact
   * cycles without a result the escalation rule (over 180 DPD, 1,000 or more) puts the case up for legal escalation:
   * the first start shows one for a supervisor to approve. Returns how many calls it answered.
   */
  private int answerUnreachable() {
    java.sql.Timestamp now = java.sql.Timestamp.from(time.instant());
    if (unreachable.isEmpty()) {
      unreachable.addAll(jdbc.sql("""
              select t.case_id from user_task t join collection_case c on c.id = t.case_id
                join account a on a.id = c.account_id
               where t.state = 'OPEN' and t.element_id = 'call-debtor' and t.assignee is null
                 and t.actionable_from <= :now and (t.actionable_until is null or t.actionable_until > :now)
                 and a.balance >= 1000 and :today - a.due_date > 180
               order by a.balance desc, t.case_id limit 2
              """).param("now", now).param("today", LocalDate.ofInstant(time.instant(), ZoneOffset.UTC))
          .query(java.util.UUID.class).list());
    }
    int answered = 0;
    for (java.util.UUID caseId : unreachable) {
      for (TaskView call : tasks.list(new Tasks.TaskQuery(null, null, null, "OPEN", caseId, "call-debtor", null, null,
          null, "priority", null, true), 0, 1).items()) {
        if (complete(call, Map.of("callOutcome", "NO_ANSWER", "callNotes", DemoActivity.NOTE))) {
          answered++;
        }
      }
    }
    return answered;
  }

  /** Calls that can be made now, ended with the outcomes that open work in the other queues. */
  private int routeToEveryQueue() {
    List<TaskView> calls = tasks.list(new Tasks.TaskQuery(List.of("agents"), null, null, "OPEN", null, "call-debtor",
        null, null, null, "priority", null, true), 0, 20).items().stream().filter(t -> t.assignee() == null).toList();
    LocalDate today = LocalDate.ofInstant(time.instant(), ZoneOffset.UTC);
    List<String> outcomes = List.of("DISPUTE", "SETTLEMENT_REQUESTED", "HARDSHIP", "WRONG_NUMBER", "PLAN_REQUESTED",
        "SETTLEMENT_REQUESTED", "PLAN_REQUESTED", "DISPUTE");
    int routed = 0;
    for (int i = 0; i < Math.min(outcomes.size(), calls.size()); i++) {
      TaskView call = calls.get(i);
      Map<String, Object> form = new HashMap<>();
      form.put("callOutcome", outcomes.get(i));
      form.put("callNotes", DemoActivity.NOTE);
      if (outcomes.get(i).equals("SETTLEMENT_REQUESTED")) {
        // 30 % off: above the agent's own limit, within the supervisor's
        form.put("settlementAmount", call.caseSummary().balance().multiply(new BigDecimal("0.70"))
            .setScale(2, RoundingMode.HALF_UP).max(BigDecimal.ONE));
      }
      if (outcomes.get(i).equals("PLAN_REQUESTED")) {
        form.put("planInstallments", 6);
        form.put("planFrequency", "MONTHLY");
        form.put("planFirstDueDate", today.plusDays(7).toString());
      }
      if (complete(call, form)) {
        routed++;
      }
    }
    quiet();
    // the wrong number is verified by skip-tracing and sent out for a field visit
    for (TaskView verify : tasks.list(new Tasks.TaskQuery(List.of("agents"), null, null, "OPEN", null,
        "verify-debtor-details", null, null, null, "priority", null, true), 0, 1).items()) {
      complete(verify, Map.of("verificationResult", "FIELD_VISIT", "verificationNotes",
          "No new number found; address confirmed. " + DemoActivity.NOTE));
    }
    log.debug("Demo warm-up: {} of {} callable calls routed on (today {})", routed, calls.size(), today);
    return routed;
  }

  private boolean complete(TaskView task, Map<String, Object> form) {
    try {
      tasks.claim(task.id(), AGENT);
      tasks.complete(task.id(), AGENT, form);
      return true;
    } catch (RuntimeException e) {
      log.debug("Demo warm-up: task {} not completed: {}", task.id(), e.getMessage());
      try {
        tasks.unclaim(task.id(), AGENT);
      } catch (RuntimeException ignored) {
        // gone meanwhile
      }
      return false;
    }
  }

  /** Waits until the engine has done what the last step released: the timeline stops growing for 1.5 s. */
  private void quiet() {
    long last = -1;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      long now = count("select count(*) from case_event") + count("select count(*) from engine_command"
          + " where status in ('PENDING', 'SENDING')");
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 1_500_000_000L) {
        return;
      }
      sleep(250);
    }
    log.warn("Demo warm-up: the engine did not go quiet within 90 s; going on");
  }

  private void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        log.warn("Demo warm-up: not yet {} after 90 s; going on", what);
        return;
      }
      sleep(250);
    }
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
