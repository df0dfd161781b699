package io.recoverly.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What no input may carry, whatever the field: the one home of these rules, applied at every boundary (JSON bodies,
 * query and form parameters, multipart file names, CSV and JSON portfolio files). Domain rules (an amount within the
 * balance, a promise date within the window) come after, in their capabilities.
 *
 * <ul>
 *   <li><b>Text</b>: no control characters (C0 except tab, line feed and carriage return in multi-line text; DEL;
 *       C1), no unpaired surrogates, no non-characters U+FFFE/U+FFFF. PostgreSQL cannot store NUL, log lines must
 *       not be split, and nobody types these.</li>
 *   <li><b>Single-line text</b> (names, identifiers, parameters, file names): also no tab, CR or LF.</li>
 *   <li><b>Numbers</b>: at most {@value #MAX_INTEGER_DIGITS} digits before the point and {@value #MAX_SCALE} after:
 *       more than any amount, count or score the domain holds (money is numeric(19,2)); 1e309, 1e-400 and their
 *       like are refused instead of overflowing into an infinity or a database error.</li>
 *   <li><b>Dates</b>: years {@value #MIN_YEAR} to {@value #MAX_YEAR}.</li>
 * </ul>
 */
public final class InputHygiene {

  public static final int MAX_INTEGER_DIGITS = 17;
  public static final int MAX_SCALE = 12;
  public static final int MIN_YEAR = 1000;
  public static final int MAX_YEAR = 9999;

  private InputHygiene() {}

  /** Why this multi-line text is refused, or empty when it is clean. */
  public static Optional<String> textProblem(String text) {
    return problem(text, true);
  }

  /** Why this single-line text is refused, or empty when it is clean. */
  public static Optional<String> lineProblem(String text) {
    return problem(text, false);
  }

  private static Optional<String> problem(String text, boolean multiLine) {
    if (text == null) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return Optional.of("contains an unpaired surrogate (U+%04X) at position %d".formatted((int) c, i + 1));
      }
      if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        // bidirectional overrides and isolates turn text around where it is shown ("Trojan source"): a name or a
        // note that reads one way and is stored another
        return Optional.of("contains the bidirectional control U+%04X at position %d".formatted((int) c, i + 1));
      }
      boolean lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
      if ((lineBreakOrTab && !multiLine) || (!lineBreakOrTab && isControl(c)) || c == '\uFFFE' || c == '\uFFFF') {
        return Optional.of("contains the control character U+%04X at position %d".formatted((int) c, i + 1));
      }
    }
    return Optional.empty();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  /** Why this number is refused, or empty when the domain can hold it. */
  public static Optional<String> numberProblem(BigDecimal number) {
    if (number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
      return Optional.of("is too large (at most " + MAX_INTEGER_DIGITS + " digits before the decimal point)");
    }
    if (number.scale() > MAX_SCALE && number.stripTrailingZeros().scale() > MAX_SCALE) {
      return Optional.of("has too many decimal places (at most " + MAX_SCALE + ")");
    }
    return Optional.empty();
  }

  /** Why this number, as written in the input, is refused; empty when it is clean. */
  public static Optional<String> numberProblem(String literal) {
    if (literal.startsWith("-") && isZero(literal)) {
      return Optional.of("is a negative zero, which no amount, count or score is");
    }
    try {
      return numberProblem(new BigDecimal(literal));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.of("is not a number the application can hold");
    }
  }

  private static boolean isZero(String literal) {
    try {
      return new BigDecimal(literal).signum() == 0;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  /** Why this date is refused, or empty when its year is one the application handles. */
  public static Optional<String> dateProblem(LocalDate date) {
    return date == null || (date.getYear() >= MIN_YEAR && date.getYear() <= MAX_YEAR) ? Optional.empty()
        : Optional.of("must lie in the years " + MIN_YEAR + " to " + MAX_YEAR);
  }

  /** Letters that look like nothing: the Hangul fillers. */
  private static final java.util.Set<Integer> FILLERS = java.util.Set.of(0x115F, 0x1160, 0x3164, 0xFFA0);

  /**
   * How many letters and digits of the text a reader sees: what a reason or a note must have enough of. White space,
   * punctuation and symbols do not count, nor do invisible characters (zero-width spaces and joiners, soft hyphens,
   * direction marks, the braille blank, the Hangul fillers).
   */
  public static int visibleLength(String text) {
    if (text == null) {
      return 0;
    }
    return (int) text.codePoints().filter(c -> Character.isLetterOrDigit(c) && !FILLERS.contains(c)).count();
  }

  /** Text with its control characters (CR and LF included) made visible, for a log line or a problem detail. */
  public static String printable(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (isControl(c) || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
        out.append("\\u%04x".formatted((int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
