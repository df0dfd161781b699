package io.recoverly.simulation;

import io.recoverly.engine.EngineClockAdvanced;
import io.recoverly.metrics.Reports;
import io.recoverly.plans.PaymentService;
import io.recoverly.tasks.Tasks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes the embedded demo live: each time someone moves the engine clock, the demo agents ({@code agent},
 * {@code agent2}) work the call tasks due, debtors who promised pay (most of them, before the promised date), and a
 * few debtors pay on their own, in part or in full. Everything goes through the same services as a person's work
 * (the task store with its form and contact-guard checks, the payment intake), so the dashboard and reports show real
 * figures. Deterministic: the choices follow the account references and the engine dates. Only with the demo
 * portfolio ({@code recoverly.demo.enabled}) and {@code recoverly.demo.activity} (default true); never in production.
 */
@Component
@ConditionalOnProperty(name = {"recoverly.demo.enabled", "recoverly.demo.activity"}, havingValue = "true",
    matchIfMissing = false)
class DemoActivity {

  private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);
  static final List<String> AGENTS = List.of("agent", "agent2");
  /** Share of debtors who keep a promise, in percent. */
  static final int KEEPERS = 65;
  /** Per day the clock moved, the chance in per mille that an open case pays in full, and in part. */
  static final int PAY_IN_FULL_PER_MILLE = 4;
  static final int PAY_IN_PART_PER_MILLE = 10;
  static final String NOTE = "Simulated by the demo activity";

  private final JdbcClient jdbc;
  private final Tasks tasks;
  private final PaymentService payments;
  private final Clock clock;
  private final int callsPerAdvance;
  private final Reports reports;

  DemoActivity(JdbcClient jdbc, Tasks tasks, PaymentService payments, Clock clock, Reports reports,
      @Value("${recoverly.demo.calls-per-advance:30}") int callsPerAdvance) {
    this.reports = reports;
    this.jdbc = jdbc;
    this.tasks = tasks;
    this.payments = payments;
    this.clock = clock;
    this.callsPerAdvance = callsPerAdvance;
  }

  /** The demo agents' targets, set once so that the reports show work against target from the first clock move. */
  @EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void setDemoTargets() {
    if (!reports.targets().isEmpty()) {
      return;
    }
    for (String agent : AGENTS) {
      // the demo portfolio holds US (USD) and Indian (INR) accounts: an amount target in each currency
      reports.setTarget(agent, "DAILY", 12, 12, 3, Map.of(), "system");
      reports.setTarget(agent, "WEEKLY", 60, 60, 15, Map.of("USD", new BigDecimal("25000.00"),
          "INR", new BigDecimal("2000000.00")), "system");
      reports.setTarget(agent, "MONTHLY", 240, 240, 60, Map.of("USD", new BigDecimal("100000.00"),
          "INR", new BigDecimal("8000000.00")), "system");
    }
    log.info("Demo targets set for {}", AGENTS);
  }

  @EventListener
  void onClockAdvanced(EngineClockAdvanced event) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    int promisesPaid = payPromises(today);
    int paid = payOnTheirOwn(today, Math.max(1, event.by().toDays()));
    int calls = workCalls(new Random(event.now().getEpochSecond()), today);
    log.info("Demo activity after the clock moved {}: {} calls worked, {} promises paid, {} other payments",
        event.by(), calls, promisesPaid, paid);
  }

  /** Debtors who keep their word pay an open promise in full, while it is still due. */
  private int payPromises(LocalDate today) {
    int paid = 0;
    for (var p : jdbc.sql("""
            select pr.id, pr.case_id, pr.amount, pr.promised_for, a.account_ref, a.balance, a.currency from promise pr
              join collection_case c on c.id = pr.case_id join account a on a.id = c.account_id
             where pr.state = 'OPEN' and pr.promised_for >= :today and c.status = 'OPEN' and a.balance > 0
            """).param("today", today).query().listOfRows()) {
      UUID promise = (UUID) p.get("id");
      if (Math.floorMod((p.get("account_ref") + "|" + p.get("promised_for")).hashCode(), 100) < KEEPERS
          && pay((UUID) p.get("case_id"), ((BigDecimal) p.get("amount")).min((BigDecimal) p.get("balance")),
          (String) p.get("currency"), "demo-promise-" + promise)) {
        paid++;
      }
    }
    return paid;
  }

  /** Some debtors pay without being asked: a few in full (the case is cured), more in part. */
  private int payOnTheirOwn(LocalDate today, long days) {
    int paid = 0;
    for (var c : jdbc.sql("""
            select c.id, a.account_ref, a.balance, a.currency from collection_case c join account a on a.id = c.account_id
             where c.status = 'OPEN' and c.stage in ('CONTACT', 'NEGOTIATION', 'MONITORING') and a.balance > 0
            """).query().listOfRows()) {
      UUID id = (UUID) c.get("id");
      int draw = Math.floorMod((c.get("account_ref") + "|" + today).hashCode(), 1000);
      BigDecimal balance = (BigDecimal) c.get("balance");
      BigDecimal amount = draw < PAY_IN_FULL_PER_MILLE * days ? balance
          : draw < (PAY_IN_FULL_PER_MILLE + PAY_IN_PART_PER_MILLE) * days
              ? balance.multiply(BigDecimal.valueOf(10 + draw % 21)).divide(BigDecimal.valueOf(100), 2,
                  RoundingMode.HALF_UP)
              : null;
      if (amount != null && amount.signum() > 0 && pay(id, amount, (String) c.get("currency"), "demo-" + id + "-" + today)) {
        paid++;
      }
    }
    return paid;
  }

  private boolean pay(UUID caseId, BigDecimal amount, String currency, String externalId) {
    try {
      return !payments.record(new PaymentService.PaymentRequest(caseId, null, amount, currency, externalId, null))
          .duplicate();
    } catch (RuntimeException e) {
      log.debug("Demo payment {} not recorded: {}", externalId, e.getMessage());
      return false;
    }
  }

  /** The demo agents work the most urgent call tasks that are free or theirs; calls the guard refuses are left. */
  private int workCalls(Random random, LocalDate today) {
    int worked = 0;
    var due = jdbc.sql("""
            select t.id, t.assignee, a.balance from user_task t join collection_case c on c.id = t.case_id
              join account a on a.id = c.account_id
             where t.state = 'OPEN' and t.element_id = 'call-debtor' and (t.assignee is null or t.assignee in (:agents))
             order by t.due_at nulls last, t.created_at limit :limit
            """).param("agents", AGENTS).param("limit", callsPerAdvance).query().listOfRows();
    for (int i = 0; i < due.size(); i++) {
      var task = due.get(i);
      UUID id = (UUID) task.get("id");
      String agent = task.get("assignee") != null ? (String) task.get("assignee") : AGENTS.get(i % AGENTS.size());
      try {
        if (task.get("assignee") == null) {
          tasks.claim(id, agent);
        }
        tasks.complete(id, agent, outcome(random, (BigDecimal) task.get("balance"), today));
        worked++;
      } catch (RuntimeException e) {
        // outside the debtor's contact hours, a call cap, or the case moved on: the task stays for later
        log.debug("Demo call {} not completed: {}", id, e.getMessage());
        if (task.get("assignee") == null) {
          try {
            tasks.unclaim(id, agent);
          } catch (RuntimeException ignored) {
            // the task is gone
          }
        }
      }
    }
    return worked;
  }

  /** What the debtor says: no answer 30 %, talks 20 %, promises 30 % (a share of the balance in 6 days), refuses, wrong number. */
  static Map<String, Object> outcome(Random random, BigDecimal balance, LocalDate today) {
    int r = random.nextInt(100);
    Map<String, Object> form = new HashMap<>();
    form.put("callNotes", NOTE);
    if (r < 30) {
      form.put("callOutcome", "NO_ANSWER");
    } else if (r < 50) {
      form.put("callOutcome", "RIGHT_PARTY_CONTACT");
    } else if (r < 80) {
      form.put("callOutcome", "PROMISE_TO_PAY");
      form.put("promiseAmount", balance.multiply(BigDecimal.valueOf(20 + random.nextInt(31)))
          .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP).max(BigDecimal.ONE));
      form.put("promiseDate", today.plusDays(6).toString());
    } else if (r < 92) {
      form.put("callOutcome", "REFUSED");
    } else {
      form.put("callOutcome", "WRONG_NUMBER");
    }
    return form;
  }
}
