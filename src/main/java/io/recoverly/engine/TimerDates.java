package io.recoverly.engine;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates as the engine's BPMN timers read them: {@code =date and time(variable)} in FEEL. */
public final class TimerDates {

  private TimerDates() {}

  /** Midnight UTC at the start of {@code date}, e.g. {@code 2030-01-16T00:00:00+00:00}. */
  public static String startOfDayUtc(LocalDate date) {
    return date.atStartOfDay().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        .replace("Z", "+00:00");
  }

  /** An instant, rounded up to the whole second, e.g. {@code 2030-01-16T14:00:00+00:00}. */
  public static String instant(java.time.Instant at) {
    java.time.Instant whole = at.getNano() == 0 ? at : at.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return whole.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00");
  }
}
