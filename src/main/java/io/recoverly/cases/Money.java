package io.recoverly.cases;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * The rules every amount of money follows, wherever it comes from (a payment, a promise, a settlement offer, a
 * corrected balance, a stated income): positive (or, where the caller says so, zero), in the currency's scale (no
 * fractions of a cent), and no larger than an account can hold (numeric(19,2): 17 digits before the point).
 */
public final class Money {

  public static final int MAX_INTEGER_DIGITS = 17;

  private Money() {}

  /** Why {@code amount} cannot be a positive amount of {@code currency}; empty when it can. */
  public static Optional<String> problem(BigDecimal amount, String currency) {
    return problem(amount, currency, false);
  }

  /** Why {@code amount} cannot be an amount of {@code currency}, zero allowed when {@code zeroAllowed}. */
  public static Optional<String> problem(BigDecimal amount, String currency, boolean zeroAllowed) {
    if (amount == null) {
      return Optional.of("is required");
    }
    if (amount.signum() < 0 || (amount.signum() == 0 && !zeroAllowed)) {
      return Optional.of(zeroAllowed ? "must not be negative" : "must be greater than zero");
    }
    if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
      return Optional.of("is too large (at most " + MAX_INTEGER_DIGITS + " digits before the decimal point)");
    }
    int digits = fractionDigits(currency);
    if (amount.stripTrailingZeros().scale() > digits) {
      return Optional.of(digits == 0 ? "must be a whole amount of " + currency
          : "has more decimal places than " + currency + " has (" + digits + ")");
    }
    return Optional.empty();
  }

  /** Why {@code amount} cannot be paid, promised or offered against {@code balance}; empty when it can. */
  public static Optional<String> withinBalance(BigDecimal amount, BigDecimal balance, String currency) {
    return problem(amount, currency).or(() -> amount.compareTo(balance) > 0
        ? Optional.of("must not exceed the balance of " + balance.toPlainString() + " " + currency)
        : Optional.empty());
  }

  /** The decimal places of a currency (2 for USD and INR, 0 for JPY); 2 for a code Java does not know. */
  public static int fractionDigits(String currency) {
    try {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException | NullPointerException e) {
      return 2;
    }
  }

  /** The smallest amount of a currency: 0.01 for USD and INR. */
  public static BigDecimal smallestUnit(String currency) {
    return BigDecimal.ONE.movePointLeft(fractionDigits(currency));
  }
}
