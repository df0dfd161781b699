package io.recoverly.compliance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The itemization of a US validation notice (12 CFR 1006.34(c)(2)(vi)-(viii)): the itemization date, the amount owed
 * on it, the interest, fees, and payments and credits since, and the amount owed now. The figures always add up: the
 * amount now is the balance, and the one figure the lender's file leaves out is what makes the sum true.
 *
 * @param basis which of the five dates the rule allows the creditor chose (1006.34(b)(3))
 */
public record Itemization(String basis, LocalDate date, BigDecimal amountThen, BigDecimal interest, BigDecimal fees,
    BigDecimal paymentsAndCredits, BigDecimal amountNow) {

  /** The five itemization dates of 12 CFR 1006.34(b)(3)(i)-(v). */
  public static final List<String> BASES = List.of("LAST_STATEMENT", "CHARGE_OFF", "LAST_PAYMENT", "TRANSACTION",
      "JUDGMENT");
  /** Without a creditor's choice: the last statement date (the statement whose payment was missed). */
  public static final String DEFAULT_BASIS = "LAST_STATEMENT";

  /**
   * The itemization from the lender's figures: the date (the due date when the file gives none: the last statement's),
   * the amount then (when given; else the balance less interest and fees plus payments), interest, fees and payments
   * since (absent: none). When the amount then is given, payments and credits are what makes the sum equal the
   * balance; when that cannot be (the balance grew since the file: it would take negative payments), the amount then is
   * derived as when it is not given. The placement file's validator refuses figures that do not add up.
   */
  public static Itemization of(String basis, LocalDate itemizationDate, LocalDate dueDate, BigDecimal amountThen,
      BigDecimal interest, BigDecimal fees, BigDecimal payments, BigDecimal balance) {
    LocalDate date = itemizationDate != null ? itemizationDate : dueDate;
    BigDecimal in = nonNull(interest);
    BigDecimal fe = nonNull(fees);
    if (amountThen == null) {
      BigDecimal paid = nonNull(payments);
      return new Itemization(basis, date, balance.subtract(in).subtract(fe).add(paid), in, fe, paid, balance);
    }
    BigDecimal paid = amountThen.add(in).add(fe).subtract(balance);
    if (paid.signum() < 0) {
      // the balance grew past what the file itemized (a later balance update): the amount then is what adds up
      BigDecimal given = nonNull(payments);
      return new Itemization(basis, date, balance.subtract(in).subtract(fe).add(given), in, fe, given, balance);
    }
    return new Itemization(basis, date, amountThen, in, fe, paid, balance);
  }

  private static BigDecimal nonNull(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }
}
