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
    String language) {}
