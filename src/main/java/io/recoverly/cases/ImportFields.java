package io.recoverly.cases;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The columns of a portfolio file. Names match case-insensitively and ignore '_', '-' and spaces. */
final class ImportFields {

  static final String ACCOUNT_REF = "accountRef";
  static final String DEBTOR_NAME = "debtorName";
  static final String PHONE = "phone";
  static final String EMAIL = "email";
  static final String ADDRESS = "address";
  static final String TIMEZONE = "timezone";
  static final String JURISDICTION = "jurisdiction";
  static final String PRODUCT = "product";
  static final String PRINCIPAL = "principal";
  static final String BALANCE = "balance";
  static final String CURRENCY = "currency";
  static final String DUE_DATE = "dueDate";
  static final String DPD = "dpd";
  static final String RISK_SCORE = "riskScore";

  static final List<String> ALL =
      List.of(
          ACCOUNT_REF, DEBTOR_NAME, PHONE, EMAIL, ADDRESS, TIMEZONE, JURISDICTION, PRODUCT, PRINCIPAL, BALANCE,
          CURRENCY, DUE_DATE, DPD, RISK_SCORE);

  /** Columns a CSV header must have (plus one of dueDate / dpd). */
  static final List<String> REQUIRED_COLUMNS =
      List.of(ACCOUNT_REF, DEBTOR_NAME, TIMEZONE, JURISDICTION, PRODUCT, PRINCIPAL, BALANCE, CURRENCY);

  private static final Map<String, String> BY_NORMALISED =
      ALL.stream().collect(Collectors.toMap(ImportFields::normalise, Function.identity()));

  private ImportFields() {}

  /** The canonical name of a column as written in a file, empty when it is not a known column. */
  static Optional<String> canonical(String name) {
    return Optional.ofNullable(BY_NORMALISED.get(normalise(name)));
  }

  private static String normalise(String name) {
    return name.replace("\uFEFF", "").replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
  }
}
