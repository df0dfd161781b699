package io.recoverly.negotiation;

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
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settlement offers: quoted against the current balance, agreed within the approval limits of DMN
 * settlement-approval or declined, and paid within {@value #DAYS_TO_PAY} days or broken.
 */
@Service
public class Settlements {

  static final int DAYS_TO_PAY = 14;

  private final JdbcClient jdbc;
  private final Cases cases;
  private final CaseTimeline timeline;
  private final Clock clock;

  Settlements(JdbcClient jdbc, Cases cases, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** A settlement as the case context shows it. */
  public record SettlementView(UUID id, BigDecimal amount, String currency, BigDecimal balanceAtOffer,
      BigDecimal discountPercent, String approverGroup, String state, LocalDate dueDate, java.time.Instant decidedAt,
      String reason) {}

  /** The settlement offers of a case, newest first. */
  public java.util.List<SettlementView> of(UUID caseId) {
    return jdbc.sql("select * from settlement where case_id = :id order by decided_at desc").param("id", caseId)
        .query((rs, n) -> new SettlementView(rs.getObject("id", UUID.class), rs.getBigDecimal("amount"),
            rs.getString("currency"), rs.getBigDecimal("balance_at_offer"), rs.getBigDecimal("discount_percent"),
            rs.getString("approver_group"), rs.getString("state"), rs.getObject("due_date", LocalDate.class),
            rs.getTimestamp("decided_at").toInstant(), rs.getString("reason")))
        .list();
  }

  /** The balance a settlement offer is measured against (the decision table's input). */
  /**
   * Why a settlement offer of {@code amount} cannot be put to approval on this case; empty when it can: a positive
   * amount in the account's currency, no more than the balance (a settlement settles the debt for less).
   */
  public java.util.Optional<String> problem(UUID caseId, BigDecimal amount) {
    var payable = cases.payable(caseId, null).orElseThrow();
    return io.recoverly.cases.Money.withinBalance(amount, payable.balance(), payable.currency());
  }

  public BigDecimal currentBalance(UUID caseId) {
    return cases.payable(caseId, null).orElseThrow().balance();
  }

  /** Agrees the offer (within a limit, or approved); idempotent while the agreed settlement is open. */
  @Transactional
  public AgreedSettlement agree(UUID caseId, BigDecimal amount, String approverGroup) {
    Optional<AgreedSettlement> agreed = agreed(caseId);
    if (agreed.isPresent()) {
      return agreed.get();
    }
    PayableCase payable = cases.payable(caseId, null).orElseThrow();
    LocalDate due = today().plusDays(DAYS_TO_PAY);
    UUID id = insert(caseId, amount, payable, approverGroup, "AGREED", due, null);
    timeline.record(caseId, "SETTLEMENT_AGREED", "Settlement agreed: " + amount.toPlainString() + " "
            + payable.currency() + " instead of " + payable.balance().toPlainString() + ", to be paid by " + due
            + ("NONE".equals(approverGroup) ? " (within the agent's limit)" : " (approved by " + approverGroup + ")"),
        Map.of("settlementId", id.toString(), "amount", amount, "dueDate", due.toString()), null);
    return new AgreedSettlement(id, amount, due, checkAt(due));
  }

  /** Declines the offer: beyond policy, or refused by the approver. */
  @Transactional
  public void decline(UUID caseId, BigDecimal amount, String approverGroup, String reason) {
    PayableCase payable = cases.payable(caseId, null).orElseThrow();
    insert(caseId, amount, payable, approverGroup, "DECLINED", null, reason);
    timeline.record(caseId, "SETTLEMENT_DECLINED", "Settlement of " + amount.toPlainString() + " "
        + payable.currency() + " declined: " + reason, Map.of("amount", amount, "reason", reason), null);
  }

  /**
   * After a payment: if the payments since the agreement reach the agreed amount, the settlement is paid.
   *
   * @return true when this payment completed an agreed settlement
   */
  @Transactional
  public boolean settleIfPaid(UUID caseId) {
    Optional<AgreedSettlement> agreed = agreed(caseId);
    if (agreed.isEmpty() || paidSince(agreed.get().id()).compareTo(agreed.get().amount()) < 0) {
      return false;
    }
    resolve(agreed.get().id(), "PAID");
    timeline.record(caseId, "SETTLEMENT_PAID", "Settlement paid: " + agreed.get().amount().toPlainString(),
        Map.of("settlementId", agreed.get().id().toString()), null);
    return true;
  }

  /** At the due date: an agreed settlement still unpaid is broken. */
  @Transactional
  public boolean checkDue(UUID caseId) {
    Optional<AgreedSettlement> agreed = agreed(caseId);
    if (agreed.isEmpty()) {
      return true;
    }
    resolve(agreed.get().id(), "BROKEN");
    timeline.record(caseId, "SETTLEMENT_BROKEN", "Settlement broken: " + paidSince(agreed.get().id()).toPlainString()
        + " paid of " + agreed.get().amount().toPlainString() + " by " + agreed.get().dueDate(),
        Map.of("settlementId", agreed.get().id().toString()), null);
    return false;
  }

  /** An agreed, unpaid settlement and when to check it (ISO date-time for the BPMN timer). */
  public record AgreedSettlement(UUID id, BigDecimal amount, LocalDate dueDate, String checkAt) {}

  private UUID insert(UUID caseId, BigDecimal amount, PayableCase payable, String approverGroup, String state,
      LocalDate due, String reason) {
    UUID id = UUID.randomUUID();
    BigDecimal discount = payable.balance().signum() == 0 ? BigDecimal.ZERO
        : payable.balance().subtract(amount).multiply(BigDecimal.valueOf(100))
            .divide(payable.balance(), 2, RoundingMode.HALF_UP).max(BigDecimal.ZERO);
    jdbc.sql(
            """
            insert into settlement (id, case_id, amount, currency, balance_at_offer, discount_percent, approver_group,
                                    state, due_date, decided_at, reason)
            values (:id, :caseId, :amount, :currency, :balance, :discount, :group, :state, :due, :at, :reason)
            """)
        .param("id", id).param("caseId", caseId).param("amount", amount).param("currency", payable.currency())
        .param("balance", payable.balance()).param("discount", discount).param("group", approverGroup)
        .param("state", state).param("due", due == null ? null : Date.valueOf(due))
        .param("at", Timestamp.from(clock.instant())).param("reason", reason)
        .update();
    return id;
  }

  private void resolve(UUID id, String state) {
    jdbc.sql("update settlement set state = :state, resolved_at = :at where id = :id")
        .param("state", state).param("at", Timestamp.from(clock.instant())).param("id", id).update();
  }

  private BigDecimal paidSince(UUID settlementId) {
    return jdbc.sql(
            """
            select coalesce(sum(p.amount), 0) from payment p join settlement s on s.case_id = p.case_id
             where s.id = :id and p.received_at >= s.decided_at
            """)
        .param("id", settlementId).query(BigDecimal.class).single();
  }

  private Optional<AgreedSettlement> agreed(UUID caseId) {
    return jdbc.sql("select id, amount, due_date from settlement where case_id = :id and state = 'AGREED'")
        .param("id", caseId)
        .query((rs, n) -> {
          LocalDate due = rs.getObject("due_date", LocalDate.class);
          return new AgreedSettlement(rs.getObject("id", UUID.class), rs.getBigDecimal("amount"), due, checkAt(due));
        })
        .optional();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** An unpaid settlement breaks once its due date has passed: checked at the start of the next day. */
  private static String checkAt(LocalDate due) {
    return TimerDates.startOfDayUtc(due.plusDays(1));
  }
}
