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
  static final String CREDITOR = "creditor";
  static final String DATE_OF_BIRTH = "dateOfBirth";
  static final String LANGUAGE = "language";
  static final String EMAIL_TYPE = "emailType";
  static final String ITEMIZATION_DATE = "itemizationDate";
  static final String ITEMIZATION_AMOUNT = "itemizationAmount";
  static final String INTEREST_SINCE = "interestSinceItemization";
  static final String FEES_SINCE = "feesSinceItemization";
  static final String PAYMENTS_SINCE = "paymentsSinceItemization";
  static final String STATE = "state";
  static final String LAST_PAYMENT_DATE = "lastPaymentDate";
  static final String CHARGE_OFF_DATE = "chargeOffDate";

  static final List<String> ALL =
      List.of(
          ACCOUNT_REF, DEBTOR_NAME, PHONE, EMAIL, ADDRESS, TIMEZONE, JURISDICTION, PRODUCT, PRINCIPAL, BALANCE,
          CURRENCY, DUE_DATE, DPD, RISK_SCORE, CREDITOR, DATE_OF_BIRTH, LANGUAGE, EMAIL_TYPE, ITEMIZATION_DATE,
          ITEMIZATION_AMOUNT, INTEREST_SINCE, FEES_SINCE, PAYMENTS_SINCE, STATE, LAST_PAYMENT_DATE, CHARGE_OFF_DATE);

  /** What a balance update may change: the balance and the contact data. */
  static final List<String> UPDATABLE = List.of(BALANCE, PHONE, EMAIL, ADDRESS);

  /**
   * Words lenders use in their headers for our fields (normalised: lower case, no spaces, '_' or '-'), for the upload
   * page's suggested mapping. A suggestion only: the supervisor confirms it.
   */
  private static final Map<String, List<String>> SYNONYMS = Map.ofEntries(
      Map.entry(ACCOUNT_REF, List.of("acctno", "accountno", "accountnumber", "acctnum", "loanno", "loanaccountno",
          "loannumber", "accountid", "ref", "reference", "agreementno", "contractno")),
      Map.entry(DEBTOR_NAME, List.of("customername", "borrowername", "name", "fullname", "debtor", "customer",
          "borrower", "accountholder")),
      Map.entry(PHONE, List.of("mobile", "mobileno", "mobilenumber", "phoneno", "phonenumber", "contactno",
          "telephone", "tel", "cell")),
      Map.entry(EMAIL, List.of("emailid", "emailaddress", "mail")),
      Map.entry(ADDRESS, List.of("postaladdress", "mailingaddress", "addr", "residenceaddress")),
      Map.entry(TIMEZONE, List.of("tz", "zone")),
      Map.entry(JURISDICTION, List.of("country", "countrycode", "region")),
      Map.entry(PRODUCT, List.of("producttype", "producttype", "loantype", "scheme")),
      Map.entry(PRINCIPAL, List.of("loanamount", "sanctionedamount", "principalamount", "originalamount",
          "disbursedamount", "creditlimit")),
      Map.entry(BALANCE, List.of("outstanding", "outstandingamount", "totaloutstanding", "totaldue", "amountdue",
          "overdueamount", "pos", "balanceamount", "currentbalance")),
      Map.entry(CURRENCY, List.of("ccy", "currencycode")),
      Map.entry(DUE_DATE, List.of("duedt", "emiduedate", "paymentduedate", "overduesince", "defaultdate")),
      Map.entry(DPD, List.of("dayspastdue", "daysoverdue", "overduedays", "bucketdays")),
      Map.entry(RISK_SCORE, List.of("score", "riskgrade", "behaviourscore", "bureauscore")),
      Map.entry(CREDITOR, List.of("lender", "client", "bank", "principalcreditor", "originator")),
      Map.entry(DATE_OF_BIRTH, List.of("dob", "birthdate", "dateofbirth")),
      Map.entry(LANGUAGE, List.of("lang", "preferredlanguage", "languagepreference")),
      Map.entry(EMAIL_TYPE, List.of("emailcategory", "emailkind")),
      Map.entry(ITEMIZATION_DATE, List.of("laststatementdate", "statementdate")),
      Map.entry(STATE, List.of("statecode", "province", "usstate")),
      Map.entry(LAST_PAYMENT_DATE, List.of("lastpaiddate", "lastpmtdate", "dateoflastpayment", "lpd")),
      Map.entry(CHARGE_OFF_DATE, List.of("chargeoffdt", "codate", "writeoffdate")),
      Map.entry(ITEMIZATION_AMOUNT, List.of("chargeoffamount", "chargeoffbalance", "statementbalance")),
      Map.entry(INTEREST_SINCE, List.of("interestsincechargeoff", "postchargeoffinterest", "accruedinterest")),
      Map.entry(FEES_SINCE, List.of("feessincechargeoff", "postchargeofffees", "accruedfees")),
      Map.entry(PAYMENTS_SINCE, List.of("paymentssincechargeoff", "postchargeoffpayments", "creditssince")));

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

  /** Our field a lender's column name most likely carries: our own name, else a word lenders use for it. */
  static Optional<String> suggest(String column) {
    Optional<String> own = canonical(column);
    if (own.isPresent()) {
      return own;
    }
    String n = normalise(column).replaceAll("[^a-z0-9]", "");
    return SYNONYMS.entrySet().stream().filter(e -> e.getValue().contains(n)).map(Map.Entry::getKey).findFirst();
  }

  private static String normalise(String name) {
    return name.replace("\uFEFF", "").replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
  }
}
