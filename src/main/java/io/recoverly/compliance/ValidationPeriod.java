package io.recoverly.compliance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * The end of the validation period a US validation notice states (12 CFR 1006.34(b)(5)): 30 days after the debtor
 * receives the notice, receipt assumed 5 days after it was sent, not counting Saturdays, Sundays and the legal public
 * holidays of 5 U.S.C. 6103(a) (1006.34(b)(5), 1006.2(h)). A holiday on a Saturday is observed on the Friday before, on
 * a Sunday on the Monday after (5 U.S.C. 6103(b), Executive Order 11582). The one home of this rule: the notice's text
 * and the date the guard and the disputes read come from it.
 */
public final class ValidationPeriod {

  /** Days after sending the debtor is assumed to have received the notice, weekends and holidays not counted. */
  public static final int RECEIPT_BUSINESS_DAYS = 5;

  private ValidationPeriod() {}

  /** The period's end for a notice sent on {@code sent}: {@code days} (30) calendar days after assumed receipt. */
  public static LocalDate end(LocalDate sent, int days) {
    return assumedReceipt(sent).plusDays(days);
  }

  /** The day the debtor is assumed to have received a notice sent on {@code sent}. */
  public static LocalDate assumedReceipt(LocalDate sent) {
    LocalDate day = sent;
    int counted = 0;
    while (counted < RECEIPT_BUSINESS_DAYS) {
      day = day.plusDays(1);
      if (businessDay(day)) {
        counted++;
      }
    }
    return day;
  }

  /** Neither a Saturday, a Sunday nor a US federal holiday (as observed). */
  public static boolean businessDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
        && !federalHoliday(day);
  }

  /** Whether {@code day} is a legal public holiday of 5 U.S.C. 6103(a) as observed (New Year's may fall on Dec 31). */
  public static boolean federalHoliday(LocalDate day) {
    int year = day.getYear();
    for (int y = year; y <= year + 1; y++) {
      if (observedFixed(LocalDate.of(y, Month.JANUARY, 1)).equals(day)) {
        return true;
      }
    }
    return switch (day.getMonth()) {
      case JANUARY -> day.equals(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3)); // Martin Luther King Jr.
      case FEBRUARY -> day.equals(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3)); // Washington's Birthday
      case MAY -> day.equals(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
      case JUNE -> year >= 2021 && day.equals(observedFixed(LocalDate.of(year, Month.JUNE, 19))); // Juneteenth
      case JULY -> day.equals(observedFixed(LocalDate.of(year, Month.JULY, 4)));
      case SEPTEMBER -> day.equals(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1)); // Labor Day
      case OCTOBER -> day.equals(nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2)); // Columbus Day
      case NOVEMBER -> day.equals(observedFixed(LocalDate.of(year, Month.NOVEMBER, 11))) // Veterans Day
          || day.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4)); // Thanksgiving
      case DECEMBER -> day.equals(observedFixed(LocalDate.of(year, Month.DECEMBER, 25)));
      default -> false;
    };
  }

  /** A holiday on a fixed date as observed: Saturday → the Friday before, Sunday → the Monday after. */
  private static LocalDate observedFixed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, DayOfWeek dow, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
  }
}
