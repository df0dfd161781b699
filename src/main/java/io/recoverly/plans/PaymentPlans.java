package io.recoverly.plans;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.cases.Cases.PayableCase;
import io.recoverly.engine.TimerDates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment plans: the current balance split into installments; each installment is checked {@value #GRACE_DAYS} days
 * after it falls due against the payments received since the plan began (cumulatively: paying ahead counts). Two
 * missed installments break the plan.
 */
@Service
public class PaymentPlans {

  static final int GRACE_DAYS = 3;
  static final int MISSES_TO_BREAK = 2;

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final Clock clock;

  PaymentPlans(JdbcClient jdbc, Cases cases, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** A plan and its installments as the case context shows them. */
  public record PlanView(UUID id, BigDecimal total, String currency, int installments, String frequency, String state,
      java.time.Instant createdAt, java.util.List<InstallmentView> schedule) {}

  public record InstallmentView(int seq, LocalDate dueDate, BigDecimal amount, String state) {}

  /** The payment plans of a case, newest first. */
  public java.util.List<PlanView> of(UUID caseId) {
    return jdbc.sql("select * from payment_plan where case_id = :id order by created_at desc").param("id", caseId)
        .query((rs, n) -> {
          UUID id = rs.getObject("id", UUID.class);
          return new PlanView(id, rs.getBigDecimal("total"), rs.getString("currency"), rs.getInt("installments"),
              rs.getString("frequency"), rs.getString("state"), rs.getTimestamp("created_at").toInstant(),
              jdbc.sql("select seq, due_date, amount, state from installment where plan_id = :plan order by seq")
                  .param("plan", id)
                  .query((r, m) -> new InstallmentView(r.getInt("seq"), r.getObject("due_date", LocalDate.class),
                      r.getBigDecimal("amount"), r.getString("state")))
                  .list());
        })
        .list();
  }

  /** Where the plan stands for the monitoring loop. */
  public record Schedule(boolean open, String nextCheckAt) {}

  /** The outcome of checking the installment that fell due. */
  public record InstallmentCheck(boolean paid, boolean planBroken) {}

  /** How far ahead a plan's first installment may fall. */
  public static final int FIRST_DUE_MAX_DAYS_AHEAD = 60;

  /**
   * Why a plan of {@code installments} starting {@code firstDue} cannot be agreed on this case, by field
   * (planInstallments, planFirstDueDate); empty when it can: each installment at least the currency's smallest unit,
   * the first one due from the debtor's today to {@value #FIRST_DUE_MAX_DAYS_AHEAD} days ahead.
   *
   * @param installments null when the plan's length is worked out from an affordability assessment
   */
  public Map<String, String> problems(UUID caseId, Integer installments, LocalDate firstDue, String firstDueField) {
    Map<String, String> problems = new java.util.LinkedHashMap<>();
    PayableCase payable = cases.payable(caseId, null).orElseThrow();
    if (installments != null && payable.balance().compareTo(
        io.recoverly.cases.Money.smallestUnit(payable.currency()).multiply(BigDecimal.valueOf(installments))) < 0) {
      problems.put("planInstallments", "too many installments for a balance of " + payable.balance().toPlainString()
          + " " + payable.currency());
    }
    LocalDate today = cases.debtorToday(caseId);
    if (firstDue == null) {
      problems.put(firstDueField, "is required");
    } else if (firstDue.isBefore(today)) {
      problems.put(firstDueField, "lies in the past (the debtor's today is " + today + ")");
    } else if (firstDue.isAfter(today.plusDays(FIRST_DUE_MAX_DAYS_AHEAD))) {
      problems.put(firstDueField, "must be at most " + FIRST_DUE_MAX_DAYS_AHEAD + " days ahead ("
          + today.plusDays(FIRST_DUE_MAX_DAYS_AHEAD) + ")");
    }
    return problems;
  }

  /** Creates the plan for the whole current balance; a redelivered job finds the active plan. */
  @Transactional
  public UUID create(UUID caseId, int installments, String frequency, LocalDate firstDue) {
    Optional<UUID> active = active(caseId);
    if (active.isPresent()) {
      return active.get();
    }
    String freq = frequency == null ? "MONTHLY" : frequency.toUpperCase(Locale.ROOT);
    if (installments < 2 || installments > 36 || !(freq.equals("MONTHLY") || freq.equals("WEEKLY")) || firstDue == null) {
      throw new IllegalArgumentException("a plan needs 2-36 installments, WEEKLY or MONTHLY, and a first due date");
    }
    PayableCase payable = cases.payable(caseId, null).orElseThrow();
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into payment_plan (id, case_id, total, currency, installments, frequency, state, created_at)
            values (:id, :caseId, :total, :currency, :n, :freq, 'ACTIVE', :at)
            """)
        .param("id", id).param("caseId", caseId).param("total", payable.balance()).param("currency", payable.currency())
        .param("n", installments).param("freq", freq).param("at", Timestamp.from(clock.instant())).update();
    BigDecimal each = payable.balance().divide(BigDecimal.valueOf(installments), 2, RoundingMode.DOWN);
    BigDecimal last = payable.balance().subtract(each.multiply(BigDecimal.valueOf(installments - 1)));
    for (int k = 1; k <= installments; k++) {
      LocalDate due = freq.equals("WEEKLY") ? firstDue.plusWeeks(k - 1) : firstDue.plusMonths(k - 1);
      jdbc.sql("insert into installment (plan_id, seq, due_date, amount, state) values (:plan, :seq, :due, :amount, 'DUE')")
          .param("plan", id).param("seq", k).param("due", Date.valueOf(due)).param("amount", k == installments ? last : each)
          .update();
    }
    timeline.record(caseId, "PLAN_AGREED", "Payment plan agreed: " + installments + " " + freq.toLowerCase(Locale.ROOT)
            + " installments of " + each.toPlainString() + " " + payable.currency() + " from " + firstDue,
        Map.of("planId", id.toString(), "installments", installments, "frequency", freq, "installment", each), null);
    return id;
  }

  /** Share of the monthly surplus (income minus essential expenses) offered as the installment. */
  static final BigDecimal AFFORDABLE_SHARE = new BigDecimal("0.5");

  /**
   * An income-and-expenditure assessment turned into a monthly plan the debtor can afford: half the monthly surplus,
   * at most 36 installments (the last one takes the rest). No surplus, no plan.
   *
   * @return the plan, empty when nothing is affordable
   */
  @Transactional
  public Optional<UUID> createAffordable(UUID caseId, BigDecimal income, BigDecimal expenses, String reason,
      LocalDate firstDue) {
    BigDecimal affordable = income.subtract(expenses).multiply(AFFORDABLE_SHARE).setScale(2, RoundingMode.DOWN);
    BigDecimal balance = cases.payable(caseId, null).orElseThrow().balance();
    Map<String, Object> details = Map.of("monthlyIncome", income, "monthlyExpenses", expenses, "reason",
        String.valueOf(reason), "affordable", affordable.max(BigDecimal.ZERO));
    if (affordable.signum() <= 0) {
      timeline.record(caseId, "HARDSHIP_ASSESSED", "Hardship (" + reason + "): nothing affordable after essentials;"
          + " no plan", details, null);
      return Optional.empty();
    }
    String currency = cases.payable(caseId, null).orElseThrow().currency();
    // never more installments than the balance has smallest units (each installment is at least one cent)
    int most = balance.divide(io.recoverly.cases.Money.smallestUnit(currency), 0, RoundingMode.DOWN)
        .min(BigDecimal.valueOf(36)).intValue();
    if (most < 2) {
      timeline.record(caseId, "HARDSHIP_ASSESSED", "Hardship (" + reason + "): the balance is too small for a plan",
          details, null);
      return Optional.empty();
    }
    int installments = balance.divide(affordable, 0, RoundingMode.CEILING).max(BigDecimal.valueOf(2))
        .min(BigDecimal.valueOf(most)).intValue();
    timeline.record(caseId, "HARDSHIP_ASSESSED", "Hardship (" + reason + "): " + affordable.toPlainString()
        + " a month is affordable", details, null);
    return Optional.of(create(caseId, installments, "MONTHLY", firstDue));
  }

  /** The next installment to check, or that the plan is no longer running. */
  public Schedule schedule(UUID caseId) {
    return active(caseId).flatMap(plan -> jdbc.sql(
                "select due_date from installment where plan_id = :plan and state = 'DUE' order by seq limit 1")
            .param("plan", plan).query(LocalDate.class).optional())
        .map(due -> new Schedule(true, checkAt(due)))
        .orElse(new Schedule(false, null));
  }

  /** Checks the first installment still due: paid when the payments since the plan began cover it cumulatively. */
  @Transactional
  public InstallmentCheck checkDue(UUID caseId) {
    Optional<UUID> active = active(caseId);
    if (active.isEmpty()) {
      return new InstallmentCheck(true, false);
    }
    UUID plan = active.get();
    var due = jdbc.sql("select seq, amount, due_date from installment where plan_id = :plan and state = 'DUE'"
            + " order by seq limit 1").param("plan", plan).query().singleRow();
    int seq = (Integer) due.get("seq");
    BigDecimal owedSoFar = jdbc.sql("select sum(amount) from installment where plan_id = :plan and seq <= :seq")
        .param("plan", plan).param("seq", seq).query(BigDecimal.class).single();
    BigDecimal paid = jdbc.sql(
            """
            select coalesce(sum(p.amount), 0) from payment p join payment_plan q on q.case_id = p.case_id
             where q.id = :plan and p.received_at >= q.created_at
            """)
        .param("plan", plan).query(BigDecimal.class).single();
    boolean ok = paid.compareTo(owedSoFar) >= 0;
    jdbc.sql("update installment set state = :state where plan_id = :plan and seq = :seq")
        .param("state", ok ? "PAID" : "MISSED").param("plan", plan).param("seq", seq).update();
    long missed = jdbc.sql("select count(*) from installment where plan_id = :plan and state = 'MISSED'")
        .param("plan", plan).query(Long.class).single();
    boolean broken = missed >= MISSES_TO_BREAK;
    timeline.record(caseId, ok ? "INSTALLMENT_PAID" : "INSTALLMENT_MISSED",
        "Installment " + seq + " due " + due.get("due_date") + (ok ? " paid" : " missed") + " (" + paid.toPlainString()
            + " paid of " + owedSoFar.toPlainString() + " due so far)", Map.of("planId", plan.toString(), "seq", seq), null);
    if (broken) {
      resolve(plan, "BROKEN");
      timeline.record(caseId, "PLAN_BROKEN", "Payment plan broken after " + missed + " missed installments",
          Map.of("planId", plan.toString()), null);
    }
    return new InstallmentCheck(ok, broken);
  }

  /** When a payment clears the balance: completes the active plan. @return true when there was one */
  @Transactional
  public boolean completeIfActive(UUID caseId) {
    Optional<UUID> active = active(caseId);
    active.ifPresent(plan -> {
      jdbc.sql("update installment set state = 'PAID' where plan_id = :plan and state = 'DUE'").param("plan", plan).update();
      resolve(plan, "COMPLETED");
      timeline.record(caseId, "PLAN_COMPLETED", "Payment plan completed", Map.of("planId", plan.toString()), null);
    });
    return active.isPresent();
  }

  private void resolve(UUID plan, String state) {
    jdbc.sql("update payment_plan set state = :state, resolved_at = :at where id = :id")
        .param("state", state).param("at", Timestamp.from(clock.instant())).param("id", plan).update();
  }

  private Optional<UUID> active(UUID caseId) {
    return jdbc.sql("select id from payment_plan where case_id = :id and state = 'ACTIVE'").param("id", caseId)
        .query(UUID.class).optional();
  }

  static String checkAt(LocalDate due) {
    return TimerDates.startOfDayUtc(due.plusDays(GRACE_DAYS));
  }
}
