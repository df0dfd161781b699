package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placement columns of issue 21 (the itemization's figures, the e-mail's kind), by the row validator alone. */
class ItemizationColumnsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

  private static AccountRowValidator.Outcome row(Map<String, String> extra) {
    Map<String, String> fields = new HashMap<>(Map.of("accountRef", "IT-1", "debtorName", "Ana Ruiz",
        "timezone", "America/Chicago", "jurisdiction", "US", "product", "CARD", "principal", "1000.00",
        "balance", "640.00", "currency", "USD", "dpd", "40"));
    fields.putAll(extra);
    return AccountRowValidator.validate(new ImportRow(2, fields), TODAY);
  }

  private static String errors(AccountRowValidator.Outcome outcome) {
    return outcome instanceof AccountRowValidator.Invalid invalid ? invalid.errors().toString() : "";
  }

  @Test
  void figuresThatAddUpAreKeptAndOnesThatCannotAreRefused() {
    var kept = row(Map.of("itemizationDate", "2026-09-01", "itemizationAmount", "600.00",
        "interestSinceItemization", "30.00", "feesSinceItemization", "25.00", "emailType", "work"));
    assertThat(kept).isInstanceOf(AccountRowValidator.Valid.class);
    NewAccount account = ((AccountRowValidator.Valid) kept).account();
    assertThat(account.itemized().date()).isEqualTo(LocalDate.of(2026, 9, 1));
    assertThat(account.itemized().payments()).isNull();
    assertThat(account.emailType()).isEqualTo("WORK");
    // all four given and not the balance
    assertThat(errors(row(Map.of("itemizationAmount", "600.00", "interestSinceItemization", "30.00",
        "paymentsSinceItemization", "1.00")))).contains("does not add up");
    // the balance above the amount then plus interest and fees, payments left out: they would be negative
    assertThat(errors(row(Map.of("itemizationAmount", "100.00")))).contains("more than the itemization amount");
    // no amount then, interest and fees above the balance: the notice would say the debtor owed less than nothing
    assertThat(errors(row(Map.of("itemizationDate", "2026-09-01", "interestSinceItemization", "2000.00"))))
        .contains("exceed the balance");
    assertThat(errors(row(Map.of("feesSinceItemization", "5000.00")))).contains("exceed the balance");
    // control characters after a value are not whitespace to trim away
    assertThat(errors(row(Map.of("itemizationDate", "2026-09-01\u0000")))).contains("itemizationDate");
    assertThat(errors(row(Map.of("emailType", "WORK\u0007")))).contains("PERSONAL or WORK");
    // a date after the file's as-of date, a negative amount, 1e309, an unknown kind of e-mail
    assertThat(errors(row(Map.of("itemizationDate", "2027-01-01")))).contains("itemizationDate");
    assertThat(errors(row(Map.of("feesSinceItemization", "-5")))).contains("must not be negative");
    assertThat(errors(row(Map.of("interestSinceItemization", "1e309")))).contains("interestSinceItemization");
    assertThat(errors(row(Map.of("emailType", "OFFICE")))).contains("PERSONAL or WORK");
    // the limitation's facts: a US state, the last payment and the charge-off, never after the as-of date
    var limited = row(Map.of("state", "ca", "lastPaymentDate", "2020-03-01", "chargeOffDate", "2020-09-01"));
    assertThat(((AccountRowValidator.Valid) limited).account().limitation())
        .isEqualTo(new NewAccount.Limitation("CA", LocalDate.of(2020, 3, 1), LocalDate.of(2020, 9, 1)));
    assertThat(errors(row(Map.of("state", "ZZ")))).contains("two-letter code");
    assertThat(errors(row(Map.of("lastPaymentDate", "2027-01-01")))).contains("lastPaymentDate");
    // none given: nothing itemized from the file (the notice derives it from the due date and the balance)
    assertThat(((AccountRowValidator.Valid) row(Map.of())).account().itemized()).isNull();
  }
}
