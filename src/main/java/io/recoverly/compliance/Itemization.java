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
   * The itemization from the lender's figures and what was paid with us since the placement.
   *
   * <ul>
   *   <li>the date: the file's, else the due date (the statement whose payment was missed);
   *   <li>the amount then: the file's, else the placed balance less interest and fees plus the lender's payments;
   *   <li>payments and credits: with the amount then given, what makes the sum equal the balance; else the lender's
   *       payments plus what the balance fell by since the placement (paid with us);
   *   <li>a balance above what the figures explain (the creditor raised it after the placement) shows the rise with
   *       the fees, so that the table still adds up and never shows a negative payment.
   * </ul>
   * The placement file's validator refuses figures that cannot add up or would make the amount then negative.
   */
  public static Itemization of(String basis, LocalDate itemizationDate, LocalDate dueDate, BigDecimal amountThen,
      BigDecimal interest, BigDecimal fees, BigDecimal payments, BigDecimal placedBalance, BigDecimal balance) {
    LocalDate date = itemizationDate != null ? itemizationDate : dueDate;
    BigDecimal in = nonNull(interest);
    BigDecimal fe = nonNull(fees);
    BigDecimal placed = placedBalance == null ? balance : placedBalance;
    BigDecimal then = amountThen != null ? amountThen : placed.subtract(in).subtract(fe).add(nonNull(payments));
    BigDecimal paid = then.add(in).add(fe).subtract(balance);
    if (paid.signum() < 0) {
      // the balance is more than the figures explain: the rise is a charge since, shown with the fees
      fe = fe.subtract(paid);
      paid = BigDecimal.ZERO;
    }
    return new Itemization(basis, date, then, in, fe, paid, balance);
  }

  private static BigDecimal nonNull(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }
}
