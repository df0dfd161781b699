package io.recoverly.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * A validated account from a portfolio file.
 *
 * @param phoneType the phone's line type (see {@link ContactPointRules.Phone}); null without a phone
 * @param attributes the lender's own columns the mapping keeps (empty: none)
 * @param language the debtor's language (en, hi, es); null: not given
 * @param emailType PERSONAL or WORK (a workplace address is written to only when the debtor gave it); null: not given
 * @param itemized the lender's figures for the validation notice's itemization (all null: none given)
 */
record NewAccount(
    int row,
    String accountRef,
    String debtorName,
    String phone,
    String phoneType,
    String email,
    String address,
    String timezone,
    String jurisdiction,
    String product,
    BigDecimal principal,
    BigDecimal balance,
    String currency,
    LocalDate dueDate,
    Integer riskScore,
    String creditor,
    LocalDate dateOfBirth,
    Map<String, String> attributes,
    String language,
    String emailType,
    Itemized itemized,
    Limitation limitation) {

  /** Where and since when a statute of limitations runs: the US state, the last payment, the charge-off (each may be absent). */
  record Limitation(String state, LocalDate lastPaymentDate, LocalDate chargeOffDate) {}

  /** The lender's itemization figures (12 CFR 1006.34(c)(2)(vi)-(viii)); each may be absent. */
  record Itemized(LocalDate date, BigDecimal amount, BigDecimal interest, BigDecimal fees, BigDecimal payments) {}
}
