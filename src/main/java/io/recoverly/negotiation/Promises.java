package io.recoverly.negotiation;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.engine.TimerDates;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Promises to pay: one open promise per case at a time, resolved once as kept or broken. */
@Service
public class Promises {

  /** A promise is checked the day after the promised date (00:00 UTC): the debtor has the whole day to pay. */
  static final int GRACE_DAYS = 1;
  /** How far ahead a promise may be dated: further out is a plan, not a promise to pay. */
  public static final int MAX_DAYS_AHEAD = 90;

  /**
   * Why a promise of {@code amount} by {@code promisedFor} cannot be taken on this case, by field (promiseAmount,
   * promiseDate); empty when it can: a positive amount in the account's currency, no more than the balance, dated
   * from the debtor's today to {@value #MAX_DAYS_AHEAD} days ahead.
   */
  public Map<String, String> problems(UUID caseId, BigDecimal amount, LocalDate promisedFor) {
    Map<String, String> problems = new java.util.LinkedHashMap<>();
    var payable = cases.payable(caseId, null).orElseThrow();
    io.recoverly.cases.Money.withinBalance(amount, payable.balance(), payable.currency())
        .ifPresent(p -> problems.put("promiseAmount", p));
    LocalDate today = cases.debtorToday(caseId);
    if (promisedFor == null) {
      problems.put("promiseDate", "is required");
    } else if (promisedFor.isBefore(today)) {
      problems.put("promiseDate", "lies in the past (the debtor's today is " + today + ")");
    } else if (promisedFor.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
      problems.put("promiseDate", "must be at most " + MAX_DAYS_AHEAD + " days ahead (" + today.plusDays(MAX_DAYS_AHEAD)
          + "); a longer arrangement is a payment plan");
    }
    return problems;
  }

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final Clock clock;

  Promises(JdbcClient jdbc, Cases cases, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** An open promise, and when to check it (an ISO date-time the BPMN timer reads). */
  public record OpenPromise(UUID id, BigDecimal amount, LocalDate promisedFor, String checkAt) {}

  /** The outcome of a check. */
  public record Checked(boolean kept, BigDecimal paid, long brokenPromises) {}

  /** A promise as the case context shows it. */
  public record PromiseView(UUID id, BigDecimal amount, String currency, LocalDate promisedFor, String state,
      java.time.Instant madeAt, BigDecimal paidAmount) {}

  /** The promises of a case, newest first. */
  public java.util.List<PromiseView> of(UUID caseId) {
    return jdbc.sql("select * from promise where case_id = :id order by made_at desc").param("id", caseId)
        .query((rs, n) -> new PromiseView(rs.getObject("id", UUID.class), rs.getBigDecimal("amount"),
            rs.getString("currency"), rs.getObject("promised_for", LocalDate.class), rs.getString("state"),
            rs.getTimestamp("made_at").toInstant(), rs.getBigDecimal("paid_amount")))
        .list();
  }

  /**
   * Records the promise made on the call; a redelivered job (or a stage resumed after a dispute) finds the open
   * promise and records nothing new.
   */
  @Transactional
  public OpenPromise record(UUID caseId, BigDecimal amount, LocalDate promisedFor) {
    Optional<OpenPromise> open = open(caseId);
    if (open.isPresent()) {
      return open.get();
    }
    if (amount == null || amount.signum() <= 0 || promisedFor == null) {
      throw new IllegalArgumentException("a promise needs a positive promiseAmount and a promiseDate");
    }
    String currency = cases.payable(caseId, null).orElseThrow().currency();
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into promise (id, case_id, amount, currency, promised_for, state, made_at)
            values (:id, :caseId, :amount, :currency, :date, 'OPEN', :at)
            """)
        .param("id", id).param("caseId", caseId).param("amount", amount).param("currency", currency)
        .param("date", Date.valueOf(promisedFor)).param("at", Timestamp.from(clock.instant()))
        .update();
    timeline.record(caseId, "PROMISE_MADE",
        "Promise to pay " + amount.toPlainString() + " " + currency + " by " + promisedFor,
        Map.of("promiseId", id.toString(), "amount", amount, "promisedFor", promisedFor.toString()), null);
    return new OpenPromise(id, amount, promisedFor, checkAt(promisedFor));
  }

  /** Checks the open promise against the payments received since it was made; idempotent once resolved. */
  @Transactional
  public Checked check(UUID caseId) {
    Optional<OpenPromise> open = open(caseId);
    if (open.isEmpty()) {
      return new Checked(true, BigDecimal.ZERO, brokenCount(caseId));
    }
    OpenPromise promise = open.get();
    BigDecimal paid = jdbc.sql(
            """
            select coalesce(sum(p.amount), 0) from payment p join promise q on q.case_id = p.case_id
             where q.id = :promise and p.received_at >= q.made_at
            """)
        .param("promise", promise.id()).query(BigDecimal.class).single();
    boolean kept = paid.compareTo(promise.amount()) >= 0;
    jdbc.sql("update promise set state = :state, resolved_at = :at, paid_amount = :paid where id = :id")
        .param("state", kept ? "KEPT" : "BROKEN").param("at", Timestamp.from(clock.instant()))
        .param("paid", paid).param("id", promise.id()).update();
    long broken = brokenCount(caseId);
    timeline.record(caseId, kept ? "PROMISE_KEPT" : "PROMISE_BROKEN",
        kept ? "Promise kept: " + paid.toPlainString() + " paid of " + promise.amount().toPlainString()
            : "Promise broken: " + paid.toPlainString() + " paid of " + promise.amount().toPlainString()
                + " by " + promise.promisedFor() + " (" + broken + " broken so far)",
        Map.of("promiseId", promise.id().toString(), "paid", paid, "brokenPromises", broken), null);
    return new Checked(kept, paid, broken);
  }

  private long brokenCount(UUID caseId) {
    return jdbc.sql("select count(*) from promise where case_id = :id and state = 'BROKEN'").param("id", caseId)
        .query(Long.class).single();
  }

  Optional<OpenPromise> open(UUID caseId) {
    return jdbc.sql("select id, amount, promised_for from promise where case_id = :id and state = 'OPEN'")
        .param("id", caseId)
        .query((rs, n) -> {
          LocalDate date = rs.getObject("promised_for", LocalDate.class);
          return new OpenPromise(rs.getObject("id", UUID.class), rs.getBigDecimal("amount"), date, checkAt(date));
        })
        .optional();
  }

  static String checkAt(LocalDate promisedFor) {
    return TimerDates.startOfDayUtc(promisedFor.plusDays(GRACE_DAYS));
  }
}
