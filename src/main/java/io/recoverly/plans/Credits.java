package io.recoverly.plans;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.engine.EngineCommands;
import io.recoverly.security.CurrentActor;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money the debtor paid beyond what they owed: the excess of an overpayment, or a whole payment on a case that had
 * closed. It is recorded as a credit on the case (shown in the case context) and starts a {@code credit-refund}
 * process: a supervisor's task to return the money, then {@code settle-credit} marks it settled.
 */
@Service
public class Credits {

  static final String MESSAGE = "credit-recorded";

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final EngineCommands commands;
  private final Clock clock;

  Credits(JdbcClient jdbc, CaseTimeline timeline, EngineCommands commands, Clock clock) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.commands = commands;
    this.clock = clock;
  }

  /** A credit as the case context shows it. */
  public record CreditView(UUID id, UUID paymentId, BigDecimal amount, String currency, String reason, String state,
      Instant recordedAt, Instant settledAt, String settledBy, String reference) {}

  /** Records a credit in the payment's transaction and asks for its refund once that commits. */
  @Transactional
  UUID record(UUID caseId, UUID paymentId, BigDecimal amount, String currency, String reason, String accountRef) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into account_credit (id, case_id, payment_id, amount, currency, reason, recorded_at)
            values (:id, :caseId, :paymentId, :amount, :currency, :reason, :at)
            """)
        .param("id", id).param("caseId", caseId).param("paymentId", paymentId).param("amount", amount)
        .param("currency", currency).param("reason", reason).param("at", Timestamp.from(clock.instant())).update();
    timeline.record(caseId, "CREDIT_RECORDED", "Credit of " + amount.toPlainString() + " " + currency + " recorded ("
            + ("CASE_CLOSED".equals(reason) ? "payment on a closed case" : "paid beyond the balance")
            + "): a supervisor refunds it to the debtor or passes it to the creditor",
        Map.of("creditId", id.toString(), "paymentId", paymentId.toString(), "amount", amount, "currency", currency,
            "reason", reason), null);
    commands.publishMessage(MESSAGE, id.toString(), "credit:" + id, Map.of("caseId", caseId.toString(),
        "creditId", id.toString(), "creditAmount", amount, "currency", currency, "creditReason", reason,
        "accountRef", accountRef));
    return id;
  }

  /** The credits of a case, newest first. */
  public List<CreditView> of(UUID caseId) {
    return jdbc.sql("select * from account_credit where case_id = :id order by recorded_at desc, id")
        .param("id", caseId)
        .query((rs, n) -> new CreditView(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
            rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("reason"), rs.getString("state"),
            rs.getTimestamp("recorded_at").toInstant(),
            rs.getTimestamp("settled_at") == null ? null : rs.getTimestamp("settled_at").toInstant(),
            rs.getString("settled_by"), rs.getString("reference")))
        .list();
  }

  /** Marks the credit settled the way the supervisor's task says; idempotent. */
  @Transactional
  void settle(UUID creditId, String decision, String reference, String notes, String by) {
    String state = "RETURNED_TO_CREDITOR".equals(decision) ? "RETURNED_TO_CREDITOR" : "REFUNDED";
    var settled = jdbc.sql("""
            update account_credit set state = :state, settled_at = :at, settled_by = :by, reference = :ref,
                                      notes = :notes
             where id = :id and state = 'OPEN'
            returning case_id, amount, currency
            """)
        .param("state", state).param("at", Timestamp.from(clock.instant())).param("by", by).param("ref", reference)
        .param("notes", notes).param("id", creditId).query().listOfRows();
    if (!settled.isEmpty()) {
      var row = settled.getFirst();
      timeline.record((UUID) row.get("case_id"), "CREDIT_" + state, "Credit of "
              + ((BigDecimal) row.get("amount")).toPlainString() + " " + row.get("currency")
              + ("REFUNDED".equals(state) ? " refunded to the debtor" : " returned to the creditor") + " (" + reference
              + ")",
          Map.of("creditId", creditId.toString(), "reference", String.valueOf(reference), "settledBy",
              String.valueOf(by)), "credit-settled:" + creditId);
    }
  }

  /** Job type {@code settle-credit}. Public only for the Camunda client's reflection. */
  @org.springframework.stereotype.Component
  public static class Worker {
    private final Credits credits;

    Worker(Credits credits) {
      this.credits = credits;
    }

    @JobWorker(type = "settle-credit",
        fetchVariables = {"creditId", "creditDecision", "creditReference", "creditNotes", io.recoverly.tasks.Tasks.COMPLETED_BY})
    public void settle(@Variable String creditId, @Variable String creditDecision, @Variable String creditReference,
        @Variable String creditNotes, @Variable(name = io.recoverly.tasks.Tasks.COMPLETED_BY) String completedBy) {
      credits.settle(UUID.fromString(creditId), creditDecision, creditReference, creditNotes, completedBy);
    }
  }
}
