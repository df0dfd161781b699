package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The validation period's end (12 CFR 1006.34(b)(5)) and the itemization (1006.34(c)(2)): the pure rules alone. */
class ValidationPeriodTest {

  @Test
  void theFederalHolidaysOf2026AsObserved() {
    List<LocalDate> holidays = LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2027, 1, 1))
        .filter(ValidationPeriod::federalHoliday).toList();
    assertThat(holidays).containsExactly(
        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 19), LocalDate.of(2026, 2, 16), LocalDate.of(2026, 5, 25),
        LocalDate.of(2026, 6, 19), LocalDate.of(2026, 7, 3), // July 4th is a Saturday: observed on the Friday
        LocalDate.of(2026, 9, 7), LocalDate.of(2026, 10, 12), LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 26),
        LocalDate.of(2026, 12, 25));
    // New Year's Day 2028 is a Saturday: observed on Friday 31 December 2027
    assertThat(ValidationPeriod.federalHoliday(LocalDate.of(2027, 12, 31))).isTrue();
    assertThat(ValidationPeriod.federalHoliday(LocalDate.of(2028, 1, 1))).isFalse();
    // Christmas 2027 is a Saturday: Friday 24th
    assertThat(ValidationPeriod.federalHoliday(LocalDate.of(2027, 12, 24))).isTrue();
  }

  @Test
  void receiptIsAssumedFiveBusinessDaysAfterSendingThenThirtyDays() {
    // sent Monday 23 Nov 2026: Tue 24, Wed 25, (Thanksgiving 26), Fri 27, (weekend), Mon 30, Tue 1 Dec
    assertThat(ValidationPeriod.assumedReceipt(LocalDate.of(2026, 11, 23))).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(ValidationPeriod.end(LocalDate.of(2026, 11, 23), 30)).isEqualTo(LocalDate.of(2026, 12, 31));
    // sent Friday 18 Dec 2026: Mon 21, Tue 22, Wed 23, Thu 24, (Christmas 25), (weekend), Mon 28
    assertThat(ValidationPeriod.assumedReceipt(LocalDate.of(2026, 12, 18))).isEqualTo(LocalDate.of(2026, 12, 28));
  }

  @Property
  void theEndIsThirtyDaysAfterAReceiptFiveBusinessDaysOn(@ForAll @LongRange(min = 0, max = 36_500) long offset) {
    LocalDate sent = LocalDate.of(2000, 1, 1).plusDays(offset);
    LocalDate receipt = ValidationPeriod.assumedReceipt(sent);
    assertThat(receipt).isAfter(sent);
    assertThat(ValidationPeriod.businessDay(receipt)).isTrue();
    assertThat(sent.plusDays(1).datesUntil(receipt.plusDays(1)).filter(ValidationPeriod::businessDay).count())
        .isEqualTo(5);
    // never fewer than 35 calendar days from sending to the end, never more than a fortnight's worth of holidays over
    long days = ChronoUnit.DAYS.between(sent, ValidationPeriod.end(sent, 30));
    assertThat(days).isBetween(35L, 44L);
    assertThat(receipt.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
  }

  @Test
  void theItemizationAddsUpToTheBalance() {
    LocalDate chargeOff = LocalDate.of(2026, 6, 30);
    BigDecimal placed = new BigDecimal("640.00");
    // the file gives the amount then, interest and fees: payments and credits are what makes it add up
    Itemization given = Itemization.of("CHARGE_OFF", chargeOff, LocalDate.of(2026, 5, 1), new BigDecimal("600.00"),
        new BigDecimal("30.00"), new BigDecimal("25.00"), null, placed, placed);
    assertThat(given.paymentsAndCredits()).isEqualByComparingTo("15.00");
    assertThat(given.date()).isEqualTo(chargeOff);
    // the file gives no amount then: it is the placed balance less interest and fees plus the lender's payments
    Itemization derived = Itemization.of("LAST_STATEMENT", null, LocalDate.of(2026, 5, 1), null, null,
        new BigDecimal("10.00"), new BigDecimal("50.00"), placed, placed);
    assertThat(derived.amountThen()).isEqualByComparingTo("680.00");
    assertThat(derived.date()).as("the last statement: the one whose payment was missed").isEqualTo(
        LocalDate.of(2026, 5, 1));
    // 200 paid with us since the placement: the amount then stays, the payments grow, the amount now is the balance
    Itemization paidWithUs = Itemization.of("LAST_STATEMENT", null, LocalDate.of(2026, 5, 1), null,
        new BigDecimal("40.00"), null, null, placed, new BigDecimal("440.00"));
    assertThat(paidWithUs.amountThen()).isEqualByComparingTo("600.00");
    assertThat(paidWithUs.paymentsAndCredits()).isEqualByComparingTo("200.00");
    // the creditor raised the balance after the placement: the rise is a charge, never a negative payment
    Itemization grown = Itemization.of("CHARGE_OFF", chargeOff, null, new BigDecimal("600.00"), null, null, null,
        new BigDecimal("600.00"), new BigDecimal("640.00"));
    assertThat(grown.paymentsAndCredits().signum()).isZero();
    assertThat(grown.fees()).isEqualByComparingTo("40.00");
  }

  @Property
  void everyItemizationSumsToTheAmountNowWithNothingNegative(
      @ForAll @LongRange(min = 0, max = 10_000_000) long then, @ForAll @LongRange(min = 0, max = 1_000_000) long interest,
      @ForAll @LongRange(min = 0, max = 1_000_000) long fees, @ForAll @LongRange(min = 1, max = 10_000_000) long placed,
      @ForAll @LongRange(min = 0, max = 10_000_000) long paidWithUs, @ForAll boolean thenGiven) {
    BigDecimal placedBalance = BigDecimal.valueOf(placed + interest + fees, 2); // what a valid placement row allows
    BigDecimal balance = BigDecimal.valueOf(Math.max(1, placed + interest + fees - paidWithUs), 2);
    Itemization i = Itemization.of("CHARGE_OFF", LocalDate.of(2026, 1, 1), null,
        thenGiven ? BigDecimal.valueOf(then, 2) : null, BigDecimal.valueOf(interest, 2), BigDecimal.valueOf(fees, 2),
        null, placedBalance, balance);
    assertThat(i.amountThen().add(i.interest()).add(i.fees()).subtract(i.paymentsAndCredits()))
        .isEqualByComparingTo(i.amountNow());
    assertThat(i.paymentsAndCredits().signum()).isNotNegative();
    assertThat(i.fees().signum()).isNotNegative();
    assertThat(i.amountThen().signum()).isNotNegative();
  }
}
