package io.recoverly.cases;

import static io.recoverly.cases.ImportFields.*;

import io.recoverly.cases.ImportResult.ImportError;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks every field of one row; a row is either a {@link NewAccount} or a list of field errors. */
final class AccountRowValidator {

  static final Set<String> JURISDICTIONS = Set.of("US", "IN");
  /** The languages messages are written in (compliance.TemplateRules.LANGUAGES). */
  static final Set<String> LANGUAGES = Set.of("en", "hi", "es");
  private static final Pattern ACCOUNT_REF_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
  static final String ACCOUNT_REF_RULE = "must be 1-64 letters, digits or . _ / - and start with a letter or digit";
  static final Pattern PRODUCT_PATTERN = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
  private static final int MAX_DPD = 3650;

  sealed interface Outcome permits Valid, Invalid {}

  record Valid(NewAccount account) implements Outcome {}

  record Invalid(List<ImportError> errors) implements Outcome {}

  private AccountRowValidator() {}

  /**
   * @param today the file's as-of date (the engine clock's date unless the import says otherwise): the due date must
   *     lie before it (a delinquent account is overdue), and a file's DPD counts the days past due on that date
   */
  static Outcome validate(ImportRow row, LocalDate today) {
    return validate(row, today, java.time.format.DateTimeFormatter.ISO_LOCAL_DATE, DEFAULT_CREDITOR);
  }

  /** The creditor of accounts whose file and mapping name none: the agency's own book. */
  static final String DEFAULT_CREDITOR = "Own book";
  private static final LocalDate OLDEST_BIRTH = LocalDate.of(1900, 1, 1);
  private static final int MAX_ATTRIBUTE = 500;

  /**
   * @param dates how the file writes its dates (the mapping's format; ISO without one)
   * @param defaultCreditor the creditor of a row that names none
   */
  static Outcome validate(ImportRow row, LocalDate today, java.time.format.DateTimeFormatter dates,
      String defaultCreditor) {
    Errors errors = new Errors(row.row());
    String accountRef = required(row, ACCOUNT_REF, errors);
    if (accountRef != null && !isAccountRef(accountRef)) {
      errors.add(ACCOUNT_REF, ACCOUNT_REF_RULE);
    }
    String debtorName = required(row, DEBTOR_NAME, errors);
    if (debtorName != null && debtorName.length() > 200) {
      errors.add(DEBTOR_NAME, "longer than 200 characters");
    }
    String phone = row.get(PHONE);
    String phoneType = null;
    if (phone != null) {
      // in E.164, read in the region of the row's jurisdiction (a lender's local format); its line type kept
      ContactPointRules.Phone read = ContactPointRules.phone(phone, row.get(JURISDICTION));
      if (!read.valid()) {
        errors.add(PHONE, read.problem());
      }
      phone = read.e164();
      phoneType = read.lineType();
    }
    String email = row.get(EMAIL);
    if (email != null) {
      ContactPointRules.emailProblem(email).ifPresent(problem -> errors.add(EMAIL, problem));
    }
    String address = row.get(ADDRESS);
    if (address != null && address.length() > 500) {
      errors.add(ADDRESS, "longer than 500 characters");
    }
    String timezone = required(row, TIMEZONE, errors);
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        errors.add(TIMEZONE, "not a time zone id such as America/New_York or Asia/Kolkata");
      }
    }
    String jurisdiction = upper(required(row, JURISDICTION, errors));
    if (jurisdiction != null && !JURISDICTIONS.contains(jurisdiction)) {
      errors.add(JURISDICTION, "must be one of " + JURISDICTIONS.stream().sorted().toList());
    }
    String product = upper(required(row, PRODUCT, errors));
    if (product != null && !PRODUCT_PATTERN.matcher(product).matches()) {
      errors.add(PRODUCT, "must be a product code such as CREDIT_CARD (letters, digits, _)");
    }
    String currencyCode = upper(required(row, CURRENCY, errors));
    Currency currency = null;
    if (currencyCode != null) {
      var problem = currencyProblem(currencyCode);
      if (problem.isPresent()) {
        errors.add(CURRENCY, problem.get().replaceFirst("^is ", ""));
      } else {
        currency = Currency.getInstance(currencyCode);
      }
    }
    BigDecimal principal = amount(row, PRINCIPAL, currency, errors);
    BigDecimal balance = amount(row, BALANCE, currency, errors);
    LocalDate dueDate = dueDate(row, today, dates, errors);
    String creditor = row.get(CREDITOR);
    if (creditor == null) {
      creditor = defaultCreditor;
    } else if (creditor.length() > 100) {
      errors.add(CREDITOR, "longer than 100 characters");
    } else if (io.recoverly.web.InputHygiene.visibleLength(creditor) == 0) {
      errors.add(CREDITOR, "needs a letter or digit");
    }
    String language = row.get(LANGUAGE);
    if (language != null) {
      language = language.toLowerCase(Locale.ROOT);
      if (!LANGUAGES.contains(language)) {
        errors.add(LANGUAGE, "must be one of " + LANGUAGES.stream().sorted().toList() + " (ISO 639-1)");
      }
    }
    LocalDate dateOfBirth = null;
    String birth = row.get(DATE_OF_BIRTH);
    if (birth != null) {
      dateOfBirth = date(birth, dates);
      if (dateOfBirth == null) {
        errors.add(DATE_OF_BIRTH, "not a date in the form " + form(dates));
      } else if (!dateOfBirth.isBefore(today) || dateOfBirth.isBefore(OLDEST_BIRTH)) {
        errors.add(DATE_OF_BIRTH, "must lie between " + OLDEST_BIRTH + " and the file's as-of date " + today);
        dateOfBirth = null;
      }
    }
    Integer riskScore = null;
    String risk = row.get(RISK_SCORE);
    if (risk != null) {
      riskScore = integer(risk);
      if (riskScore == null || riskScore < 0 || riskScore > 1000) {
        errors.add(RISK_SCORE, "must be a whole number from 0 to 1000");
        riskScore = null;
      }
    }
    String emailType = upper(row.get(EMAIL_TYPE));
    if (emailType != null && !ContactPointRules.EMAIL_TYPES.contains(emailType)) {
      errors.add(EMAIL_TYPE, "must be PERSONAL or WORK");
    }
    NewAccount.Itemized itemized = itemized(row, today, dates, currency, balance, errors);
    String state = upper(row.get(STATE));
    if (state != null && !ContactPointRules.US_STATES.contains(state)) {
      errors.add(STATE, "a US state's two-letter code (CA, NY, TX, ...)");
      state = null;
    }
    LocalDate lastPayment = pastDate(row, LAST_PAYMENT_DATE, today, dates, errors);
    LocalDate chargeOff = pastDate(row, CHARGE_OFF_DATE, today, dates, errors);
    NewAccount.Limitation limitation = state == null && lastPayment == null && chargeOff == null ? null
        : new NewAccount.Limitation(state, lastPayment, chargeOff);
    row.attributes().forEach((column, value) -> {
      if (value.length() > MAX_ATTRIBUTE) {
        errors.add(column, "longer than " + MAX_ATTRIBUTE + " characters (a column kept with the account)");
      }
    });
    if (!errors.list.isEmpty()) {
      return new Invalid(errors.list);
    }
    return new Valid(
        new NewAccount(
            row.row(), accountRef, debtorName, phone, phoneType, email, address, timezone, jurisdiction, product,
            principal, balance, currency.getCurrencyCode(), dueDate, riskScore, creditor, dateOfBirth,
            row.attributes(), language, emailType, itemized, limitation));
  }

  /**
   * The lender's itemization figures: a date no later than the file's as-of date, amounts not negative in the
   * account's currency; when the amount on that date is given, it plus interest and fees less payments and credits
   * is the balance (with payments left out, they are what makes it so, and cannot be negative).
   */
  private static NewAccount.Itemized itemized(ImportRow row, LocalDate today, java.time.format.DateTimeFormatter dates,
      Currency currency, BigDecimal balance, Errors errors) {
    LocalDate date = null;
    String text = row.get(ITEMIZATION_DATE);
    if (text != null) {
      date = date(text, dates);
      if (date == null) {
        errors.add(ITEMIZATION_DATE, "not a date in the form " + form(dates));
      } else if (date.isAfter(today) || date.isBefore(OLDEST_BIRTH)) {
        errors.add(ITEMIZATION_DATE, "must lie between " + OLDEST_BIRTH + " and the file's as-of date " + today);
        date = null;
      }
    }
    BigDecimal amount = optionalAmount(row, ITEMIZATION_AMOUNT, currency, errors);
    BigDecimal interest = optionalAmount(row, INTEREST_SINCE, currency, errors);
    BigDecimal fees = optionalAmount(row, FEES_SINCE, currency, errors);
    BigDecimal payments = optionalAmount(row, PAYMENTS_SINCE, currency, errors);
    if (amount != null && balance != null) {
      BigDecimal sum = amount.add(zero(interest)).add(zero(fees));
      if (payments != null && sum.subtract(payments).compareTo(balance) != 0) {
        errors.add(ITEMIZATION_AMOUNT, "the itemization does not add up: " + amount.toPlainString() + " + interest "
            + zero(interest).toPlainString() + " + fees " + zero(fees).toPlainString() + " - payments "
            + payments.toPlainString() + " is not the balance " + balance.toPlainString());
      } else if (payments == null && sum.compareTo(balance) < 0) {
        errors.add(ITEMIZATION_AMOUNT, "the balance " + balance.toPlainString() + " is more than the itemization"
            + " amount plus interest and fees since (" + sum.toPlainString() + ")");
      }
    } else if (amount == null && balance != null
        && balance.subtract(zero(interest)).subtract(zero(fees)).add(zero(payments)).signum() < 0) {
      // without the amount on the itemization date it is the balance less interest and fees plus payments: never
      // negative (a notice would say the debtor owed less than nothing)
      errors.add(interest != null ? INTEREST_SINCE : FEES_SINCE, "interest and fees since the itemization date exceed"
          + " the balance plus payments since: give itemizationAmount, or check the figures");
    }
    return date == null && amount == null && interest == null && fees == null && payments == null ? null
        : new NewAccount.Itemized(date, amount, interest, fees, payments);
  }

  /** An optional date in the file's format, 1900 to the as-of date. */
  private static LocalDate pastDate(ImportRow row, String field, LocalDate today, java.time.format.DateTimeFormatter dates,
      Errors errors) {
    String text = row.get(field);
    if (text == null) {
      return null;
    }
    LocalDate date = date(text, dates);
    if (date == null) {
      errors.add(field, "not a date in the form " + form(dates));
    } else if (date.isAfter(today) || date.isBefore(OLDEST_BIRTH)) {
      errors.add(field, "must lie between " + OLDEST_BIRTH + " and the file's as-of date " + today);
      return null;
    }
    return date;
  }

  private static BigDecimal optionalAmount(ImportRow row, String field, Currency currency, Errors errors) {
    String text = row.get(field);
    return text == null ? null : amount(text, field, currency, true, errors);
  }

  private static BigDecimal zero(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }

  /**
   * Why a code is not a currency an account can be kept in: not ISO 4217, or a code with no minor unit (XXX "no
   * currency", XAU gold, XDR special drawing rights).
   */
  static java.util.Optional<String> currencyProblem(String code) {
    try {
      return Currency.getInstance(code).getDefaultFractionDigits() < 0
          ? java.util.Optional.of("is not a currency accounts are kept in (" + code + " has no minor unit)")
          : java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of("is not an ISO 4217 currency code");
    }
  }

  /** A date as the file writes it, or null. */
  static LocalDate date(String text, java.time.format.DateTimeFormatter dates) {
    try {
      return LocalDate.parse(text, dates);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String form(java.time.format.DateTimeFormatter dates) {
    return dates == java.time.format.DateTimeFormatter.ISO_LOCAL_DATE ? "YYYY-MM-DD"
        : "of the mapping's date format";
  }

  /** Whether a text can be an account reference (placements, updates and recalls alike). */
  static boolean isAccountRef(String ref) {
    return ACCOUNT_REF_PATTERN.matcher(ref).matches();
  }

  private static LocalDate dueDate(ImportRow row, LocalDate today, java.time.format.DateTimeFormatter dates,
      Errors errors) {
    String dueText = row.get(DUE_DATE);
    String dpdText = row.get(DPD);
    if (dueText == null && dpdText == null) {
      errors.add(DUE_DATE, "required: give dueDate (YYYY-MM-DD) or dpd");
      return null;
    }
    LocalDate fromDpd = null;
    if (dpdText != null) {
      Integer dpd = integer(dpdText);
      if (dpd == null || dpd < 1 || dpd > MAX_DPD) {
        errors.add(DPD, "must be a whole number of days past due from 1 to " + MAX_DPD);
      } else {
        fromDpd = today.minusDays(dpd);
      }
    }
    if (dueText == null) {
      return fromDpd;
    }
    LocalDate dueDate = date(dueText, dates);
    if (dueDate == null) {
      errors.add(DUE_DATE, "not a date in the form " + form(dates));
      return null;
    }
    if (!dueDate.isBefore(today)) {
      errors.add(DUE_DATE, "must be before the file's as-of date (" + today + "): the account must be past due");
    } else if (today.toEpochDay() - dueDate.toEpochDay() > MAX_DPD) {
      errors.add(DUE_DATE, "more than " + MAX_DPD + " days past due");
    } else if (fromDpd != null && !fromDpd.equals(dueDate)) {
      errors.add(DPD, "disagrees with dueDate " + dueDate + " (which is " + (today.toEpochDay() - dueDate.toEpochDay())
          + " days past due on the file's as-of date " + today + "; a file extracted earlier says so with asOf)");
    }
    return dueDate;
  }

  private static BigDecimal amount(ImportRow row, String field, Currency currency, Errors errors) {
    String text = required(row, field, errors);
    if (text == null) {
      return null;
    }
    return amount(text, field, currency, false, errors);
  }

  /**
   * An amount in the currency's scale, or null with the error noted.
   *
   * @param zeroAllowed a balance update may clear the balance
   */
  static BigDecimal amount(String text, String field, Currency currency, boolean zeroAllowed, Errors errors) {
    BigDecimal amount;
    try {
      amount = new BigDecimal(text);
    } catch (NumberFormatException e) {
      errors.add(field, "not a decimal amount such as 1250.00");
      return null;
    }
    if (zeroAllowed ? amount.signum() < 0 : amount.signum() <= 0) {
      errors.add(field, zeroAllowed ? "must not be negative" : "must be greater than zero");
      return null;
    } else if (amount.compareTo(MAX_AMOUNT) >= 0) {
      errors.add(field, "too large");
      return null;
    } else if (currency != null && amount.stripTrailingZeros().scale() > Math.max(0, currency.getDefaultFractionDigits())) {
      errors.add(field, "more decimal places than " + currency.getCurrencyCode() + " has");
      return null;
    } else if (currency != null) {
      return amount.setScale(Math.max(0, currency.getDefaultFractionDigits()));
    }
    return amount;
  }

  private static String required(ImportRow row, String field, Errors errors) {
    String value = row.get(field);
    if (value == null) {
      errors.add(field, "required");
    }
    return value;
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }

  private static Integer integer(String text) {
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static final class Errors {
    private final int row;
    final List<ImportError> list = new ArrayList<>();

    Errors(int row) {
      this.row = row;
    }

    void add(String field, String message) {
      list.add(new ImportError(row, field, message));
    }
  }
}
