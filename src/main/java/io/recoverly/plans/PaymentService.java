package io.recoverly.plans;

import io.recoverly.engine.EngineCommands;
import io.recoverly.web.Problems;
import io.recoverly.cases.CaseStatus;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import io.recoverly.cases.Cases.PayableCase;
import io.recoverly.contact.ContactAttempts;
import io.recoverly.negotiation.Settlements;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Records a payment once per external id, reduces the case's balance and tells the case's process
 * ({@code payment-received}, correlation key = case id, message id = external id so the engine drops a repeat). The
 * message carries {@code closeOutcome}: PAID_IN_FULL when the balance is cleared (PLAN_COMPLETED when that completes
 * an active payment plan), SETTLED when the payment completes an agreed settlement, otherwise null.
 * The payment is recorded first; the message goes to the engine once that commits (EngineCommands), retried until the
 * engine has it. An external id names one payment across all cases: the same id with another case or amount is a
 * 409. Money beyond the balance (an overpayment, a payment on a closed case) is kept as a credit ({@link Credits}).
 */
@Service
public class PaymentService {

  static final String MESSAGE = "payment-received";
  /** A payer's transaction reference: an identifier, not free text. */
  static final String EXTERNAL_ID = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}";

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final EngineCommands messages;
  private final Clock clock;
  private final Settlements settlements;
  private final PaymentPlans plans;
  private final ContactAttempts attempts;
  private final Credits credits;

  PaymentService(JdbcClient jdbc, Cases cases, CaseTimeline timeline, EngineCommands messages, Clock clock,
      Settlements settlements, PaymentPlans plans, ContactAttempts attempts, Credits credits) {
    this.credits = credits;
    this.plans = plans;
    this.attempts = attempts;
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.messages = messages;
    this.clock = clock;
    this.settlements = settlements;
  }

  /** A payment to record. Exactly one of caseId and accountRef. */
  public record PaymentRequest(
      UUID caseId, String accountRef, BigDecimal amount, String currency, String externalId, Instant paidAt) {}

  /**
   * @param duplicate true when this external id was recorded before: nothing changed
   */
  public record PaymentReceipt(
      UUID paymentId, UUID caseId, String externalId, BigDecimal amount, String currency, Instant paidAt,
      BigDecimal balanceAfter, boolean paidInFull, boolean duplicate, BigDecimal credit) {}

  /** The payments of a case, newest first. */
  public java.util.List<PaymentReceipt> of(UUID caseId) {
    return jdbc.sql("select id, case_id, external_id, amount, currency, paid_at, balance_after, credited_amount"
            + " from payment where case_id = :id order by paid_at desc").param("id", caseId)
        .query((rs, n) -> receipt(rs, false))
        .list();
  }

  @Transactional
  public PaymentReceipt record(PaymentRequest given) {
    validate(given);
    // 1e2 and 100 are one amount: kept, shown and compared in the currency's own scale (100.00)
    PaymentRequest request = new PaymentRequest(given.caseId(), given.accountRef(),
        given.amount().setScale(Math.max(0, Currency.getInstance(given.currency()).getDefaultFractionDigits()),
            java.math.RoundingMode.UNNECESSARY), given.currency(), given.externalId(), given.paidAt());
    PayableCase requested = cases.payable(request.caseId(), request.accountRef())
        .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown account",
            request.caseId() != null ? "No case with id " + request.caseId()
                : "No account with ref " + request.accountRef(), null));
    Optional<PaymentReceipt> earlier = find(request.externalId());
    if (earlier.isPresent()) {
      // an external id names one payment, globally: a repeat of it is answered with its receipt, anything else is
      // another payment that needs its own id (it used to be answered with the first case's receipt: money lost)
      PaymentReceipt known = earlier.get();
      if (!known.caseId().equals(requested.caseId()) || known.amount().compareTo(request.amount()) != 0
          || !known.currency().equals(request.currency())) {
        throw problem(HttpStatus.CONFLICT, "External id reused", "externalId " + request.externalId()
            + " names another payment (" + known.amount().toPlainString() + " " + known.currency()
            + (known.caseId().equals(requested.caseId()) ? "" : " for another case")
            + "); a different payment needs its own id", "externalId");
      }
      return known;
    }
    if (request.paidAt() != null && request.paidAt().isBefore(requested.openedAt().truncatedTo(
        java.time.temporal.ChronoUnit.DAYS))) {
      // money the creditor received before the account was placed with us is the creditor's balance update
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "paidAt lies before the account was placed with us ("
          + requested.openedAt() + "): a payment to the creditor before placement comes as a balance update",
          "paidAt");
    }
    if (!requested.currency().equals(request.currency())) {
      throw problem(HttpStatus.BAD_REQUEST, "Wrong currency", "the account " + requested.accountRef()
          + " is kept in " + requested.currency() + ", the payment is in " + request.currency(), "currency");
    }
    // the account row is locked from here: payments of one case apply one after the other, each on the balance the
    // previous one left, and the case's status cannot change underneath
    cases.lockAccount(requested.caseId());
    PayableCase payable = cases.payable(requested.caseId(), null).orElseThrow();
    Instant paidAt = request.paidAt() == null ? clock.instant() : request.paidAt();
    boolean open = payable.status() == CaseStatus.OPEN;
    Cases.Applied applied = open ? cases.applyPayment(payable.caseId(), request.amount())
        : new Cases.Applied(payable.balance(), payable.balance());
    BigDecimal balance = applied.after();
    BigDecimal credit = request.amount().subtract(applied.applied());
    UUID id = UUID.randomUUID();
    try {
      jdbc.sql(
              """
              insert into payment (id, external_id, case_id, amount, currency, paid_at, received_at, balance_after,
                                   credited_to, credited_amount)
              values (:id, :externalId, :caseId, :amount, :currency, :paidAt, :receivedAt, :balance, :creditedTo,
                      :credit)
              """)
          .param("id", id).param("externalId", request.externalId()).param("caseId", payable.caseId())
          .param("amount", request.amount()).param("currency", request.currency())
          .param("paidAt", Timestamp.from(paidAt)).param("receivedAt", Timestamp.from(clock.instant()))
          .param("balance", balance)
          .param("creditedTo", attempts.creditedFor(payable.caseId(), paidAt).orElse(null))
          .param("credit", credit)
          .update();
    } catch (DuplicateKeyException raced) {
      throw problem(HttpStatus.CONFLICT, "Payment being recorded",
          "payment " + request.externalId() + " is being recorded by a concurrent request; retry to read it", null);
    }
    boolean paidInFull = open && balance.signum() == 0;
    timeline.record(payable.caseId(), "PAYMENT_RECEIVED",
        "Payment of " + request.amount().toPlainString() + " " + request.currency() + " received"
            + (open ? "; balance " + balance.toPlainString() + (paidInFull ? " (paid in full)" : "")
                : " on a closed case (" + payable.status() + ")"),
        Map.of("externalId", request.externalId(), "amount", request.amount(), "currency", request.currency(),
            "balanceAfter", balance, "credit", credit), null);
    if (credit.signum() > 0) {
      credits.record(payable.caseId(), id, credit, request.currency(), open ? "OVERPAYMENT" : "CASE_CLOSED",
          payable.accountRef());
    }
    if (open) {
      // the case closes on this payment when it clears the balance, or completes an agreed settlement
      String closeOutcome = paidInFull
          ? (plans.completeIfActive(payable.caseId()) ? "PLAN_COMPLETED" : "PAID_IN_FULL")
          : settlements.settleIfPaid(payable.caseId()) ? "SETTLED" : null;
      Map<String, Object> variables = new java.util.HashMap<>();
      variables.put("paymentAmount", request.amount());
      variables.put("balance", balance);
      variables.put("paidInFull", paidInFull);
      variables.put("closeOutcome", closeOutcome);
      messages.publishMessage(MESSAGE, payable.caseId().toString(), "payment:" + request.externalId(), variables);
    }
    return new PaymentReceipt(id, payable.caseId(), request.externalId(), request.amount(), request.currency(),
        paidAt, balance, paidInFull, false, credit);
  }

  Optional<PaymentReceipt> find(String externalId) {
    return jdbc.sql("select id, case_id, external_id, amount, currency, paid_at, balance_after, credited_amount"
            + " from payment where external_id = :externalId")
        .param("externalId", externalId)
        .query((rs, n) -> receipt(rs, true))
        .optional();
  }

  private static PaymentReceipt receipt(java.sql.ResultSet rs, boolean duplicate) throws java.sql.SQLException {
    return new PaymentReceipt(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
        rs.getString("external_id"), rs.getBigDecimal("amount"), rs.getString("currency"),
        rs.getTimestamp("paid_at").toInstant(), rs.getBigDecimal("balance_after"),
        rs.getBigDecimal("balance_after").signum() == 0, duplicate, rs.getBigDecimal("credited_amount"));
  }

  private void validate(PaymentRequest request) {
    if ((request.caseId() == null) == (request.accountRef() == null || request.accountRef().isBlank())) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "give exactly one of caseId and accountRef", "caseId");
    }
    if (request.externalId() == null || !request.externalId().matches(EXTERNAL_ID)) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "externalId is required: 1 to 128 letters, digits and"
          + " . _ : / - (the payer's transaction reference)", "externalId");
    }
    try {
      Currency.getInstance(request.currency());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "currency must be an ISO 4217 code", "currency");
    }
    io.recoverly.cases.Money.problem(request.amount(), request.currency()).ifPresent(p -> {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "amount " + p, "amount");
    });
    if (request.paidAt() != null && request.paidAt().isBefore(clock.instant().minus(Duration.ofDays(3650)))) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "paidAt lies more than ten years back", "paidAt");
    }
    if (request.paidAt() != null && request.paidAt().isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
      throw problem(HttpStatus.BAD_REQUEST, "Invalid payment", "paidAt lies in the future", "paidAt");
    }
  }

  private static ErrorResponseException problem(HttpStatus status, String title, String detail, String field) {
    return Problems.of(status, title, detail).field(field).exception();
  }
}
