package io.recoverly.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A case as the API shows it. Personal data in {@link DebtorView} is masked. */
public record CaseView(
    UUID id,
    String accountRef,
    DebtorView debtor,
    String creditor,
    String product,
    BigDecimal principal,
    BigDecimal balance,
    String currency,
    LocalDate dueDate,
    int dpd,
    String dpdBucket,
    CaseStage stage,
    CaseStatus status,
    String outcome,
    Strategy strategy,
    Long processInstanceKey,
    Integer processVersion,
    Instant openedAt,
    Instant closedAt) {

  /**
   * Debtor details; phone, email and address are masked, and the date of birth is never shown (the debtor portal
   * checks it): "on file" when there is one.
   */
  public record DebtorView(
      String name, String phone, String email, String address, String timezone, String jurisdiction,
      String dateOfBirth) {}

  /** The segmentation result (DMN collection-strategy), once the case has been segmented. */
  public record Strategy(String name, String firstChannel, String cadence) {}
}
