package io.recoverly.cases;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A validated account from a portfolio file. */
record NewAccount(
    int row,
    String accountRef,
    String debtorName,
    String phone,
    String email,
    String address,
    String timezone,
    String jurisdiction,
    String product,
    BigDecimal principal,
    BigDecimal balance,
    String currency,
    LocalDate dueDate,
    Integer riskScore) {}
