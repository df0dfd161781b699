package io.recoverly.cases;

import io.recoverly.web.InputHygiene;
import io.recoverly.web.Problems;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A lender's file format, saved under a name: which of the file's columns carries which of our fields, the file's date
 * format, values for fields the file leaves out, and what happens to columns that are not ours.
 *
 * @param columns the file's column name (as in its header, matched ignoring case and surrounding spaces) to our field
 *     ({@link ImportFields#ALL}); a file column named like one of our fields needs no entry
 * @param dateFormat a {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy} for the file's dates; null: ISO
 *     (YYYY-MM-DD)
 * @param defaults values for fields a row leaves empty: jurisdiction, currency, creditor, timezone, product
 * @param extraColumns KEEP: the file's other columns are kept with the account as its attributes; IGNORE: they are not
 *     stored (the import result lists them)
 */
public record ImportMapping(
    String name, Map<String, String> columns, String dateFormat, Map<String, String> defaults, String extraColumns) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final Set<String> DEFAULTABLE =
      Set.of(ImportFields.JURISDICTION, ImportFields.CURRENCY, ImportFields.CREDITOR, ImportFields.TIMEZONE,
          ImportFields.PRODUCT, ImportFields.LANGUAGE);
  static final Set<String> EXTRA_CHOICES = Set.of("KEEP", "IGNORE");
  /**
   * Day, month and year letters with separators only: no time, day-of-year, quarter or era letters and no optional
   * sections, which would let part of a cell be read and the rest dropped ("2026-10-01 13" as 1 October).
   */
  private static final Pattern DATE_PATTERN = Pattern.compile("(?=.*d)(?=.*M)(?=.*[yu])[dMyu /.,-]{1,32}");
  private static final int MAX_COLUMNS = 200;

  /** The parser for the file's dates: strict, so 31/02/2024 is an error and not 2 March. */
  DateTimeFormatter dates() {
    return dateFormat == null ? DateTimeFormatter.ISO_LOCAL_DATE : formatter(dateFormat);
  }

  boolean keepsExtras() {
    return "KEEP".equals(extraColumns);
  }

  /** The field a file column names: the mapping's entry first, then our own field names. */
  String fieldOf(String column) {
    String key = key(column);
    for (Map.Entry<String, String> e : columns.entrySet()) {
      if (key(e.getKey()).equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  static String key(String column) {
    return column.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks a mapping as sent and returns it with our field names in their canonical spelling; a 400 naming the field
   * otherwise.
   */
  static ImportMapping validated(String name, Map<String, String> columns, String dateFormat,
      Map<String, String> defaults, String extraColumns) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid("name", "a mapping's name is 1-64 letters, digits or . _ - and starts with a letter or digit");
    }
    if (columns == null || columns.isEmpty()) {
      throw invalid("columns", "give the file's column names and our field each one carries, e.g. {\"Acct No\":"
          + " \"accountRef\"}; our fields are " + ImportFields.ALL);
    }
    if (columns.size() > MAX_COLUMNS) {
      throw invalid("columns", "at most " + MAX_COLUMNS + " columns");
    }
    Map<String, String> canonical = new LinkedHashMap<>();
    Map<String, String> byKey = new LinkedHashMap<>();
    Map<String, String> fieldTaken = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String column = e.getKey();
      if (column == null || column.isBlank() || column.length() > 200) {
        throw invalid("columns", "a column name is 1-200 characters");
      }
      InputHygiene.lineProblem(column).ifPresent(p -> {
        throw invalid("columns", "the column name " + InputHygiene.printable(column) + " " + p);
      });
      if (e.getValue() == null) {
        throw invalid("columns", "the column " + InputHygiene.printable(column) + " names no field; our fields are "
            + ImportFields.ALL);
      }
      String field = ImportFields.canonical(e.getValue()).orElseThrow(() -> invalid("columns",
          "the column " + InputHygiene.printable(column) + " is mapped to " + InputHygiene.printable(e.getValue())
              + ", which is not one of our fields " + ImportFields.ALL));
      if (byKey.put(key(column), column) != null) {
        throw invalid("columns", "the column " + InputHygiene.printable(column) + " is given twice");
      }
      String other = fieldTaken.put(field, column);
      if (other != null) {
        throw invalid("columns", "the columns " + InputHygiene.printable(other) + " and "
            + InputHygiene.printable(column) + " both carry " + field + ": one column per field");
      }
      canonical.put(column.strip(), field);
    }
    if (dateFormat != null) {
      if (dateFormat.isBlank() || dateFormat.length() > 32) {
        throw invalid("dateFormat", "a date pattern such as dd/MM/yyyy or MM/dd/yyyy (at most 32 characters)");
      }
      if (!DATE_PATTERN.matcher(dateFormat).matches()) {
        throw invalid("dateFormat", "a date pattern of day (d), month (M) and year (y) with / . - , or spaces between"
            + " them, such as dd/MM/yyyy, MM/dd/yyyy or dd-MMM-yyyy");
      }
      try {
        DateTimeFormatter f = formatter(dateFormat);
        // a pattern must round-trip a whole date: "dd/MM" or "HH:mm" cannot carry a due date
        LocalDate probe = LocalDate.of(2024, 11, 23);
        if (!LocalDate.parse(probe.format(f), f).equals(probe)) {
          throw new DateTimeException("not a whole date");
        }
      } catch (IllegalArgumentException | DateTimeException e) {
        throw invalid("dateFormat", "not a date pattern with day, month and year, such as dd/MM/yyyy, MM/dd/yyyy"
            + " or dd-MMM-yyyy");
      }
    }
    Map<String, String> cleanDefaults = new LinkedHashMap<>();
    if (defaults != null) {
      for (Map.Entry<String, String> e : defaults.entrySet()) {
        String field = e.getKey() == null ? null : ImportFields.canonical(e.getKey()).orElse(null);
        if (field == null || !DEFAULTABLE.contains(field)) {
          throw invalid("defaults", "defaults can be given for " + DEFAULTABLE.stream().sorted().toList()
              + ", not for " + InputHygiene.printable(String.valueOf(e.getKey())));
        }
        String value = e.getValue();
        if (value == null || io.recoverly.web.InputHygiene.visibleLength(value) == 0 || value.length() > 100) {
          throw invalid("defaults", "the default for " + field + " is 1-100 characters, with a letter or digit");
        }
        InputHygiene.lineProblem(value).ifPresent(p -> {
          throw invalid("defaults", "the default for " + field + " " + p);
        });
        defaultProblem(field, value.strip()).ifPresent(p -> {
          throw invalid("defaults", "the default for " + field + " " + p);
        });
        cleanDefaults.put(field, value.strip());
      }
    }
    String extra = extraColumns == null ? "KEEP" : extraColumns.toUpperCase(Locale.ROOT);
    if (!EXTRA_CHOICES.contains(extra)) {
      throw invalid("extraColumns", "KEEP (the file's other columns are stored with the account) or IGNORE (they"
          + " are not stored)");
    }
    return new ImportMapping(name, Map.copyOf(canonical), dateFormat, Map.copyOf(cleanDefaults), extra);
  }

  /** A default is checked once, when the mapping is saved, not found wrong on every row of every file. */
  private static java.util.Optional<String> defaultProblem(String field, String value) {
    switch (field) {
      case ImportFields.JURISDICTION -> {
        if (!AccountRowValidator.JURISDICTIONS.contains(value.toUpperCase(Locale.ROOT))) {
          return java.util.Optional.of("must be one of " + AccountRowValidator.JURISDICTIONS.stream().sorted().toList());
        }
      }
      case ImportFields.CURRENCY -> {
        return AccountRowValidator.currencyProblem(value.toUpperCase(Locale.ROOT));
      }
      case ImportFields.TIMEZONE -> {
        try {
          java.time.ZoneId.of(value);
        } catch (DateTimeException e) {
          return java.util.Optional.of("is not a time zone id such as Asia/Kolkata");
        }
      }
      case ImportFields.LANGUAGE -> {
        if (!AccountRowValidator.LANGUAGES.contains(value.toLowerCase(Locale.ROOT))) {
          return java.util.Optional.of("must be one of " + AccountRowValidator.LANGUAGES.stream().sorted().toList());
        }
      }
      case ImportFields.PRODUCT -> {
        if (!AccountRowValidator.PRODUCT_PATTERN.matcher(value.toUpperCase(Locale.ROOT)).matches()) {
          return java.util.Optional.of("is not a product code such as CREDIT_CARD");
        }
      }
      default -> { }
    }
    return java.util.Optional.empty();
  }

  private static DateTimeFormatter formatter(String pattern) {
    // 'yyyy' is the year of the era: in STRICT resolution it needs an era; 'uuuu' is the proleptic year that means
    return DateTimeFormatter.ofPattern(pattern.replace('y', 'u'), Locale.ENGLISH)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  private static ErrorResponseException invalid(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid mapping", detail).field(field).exception();
  }

  /** A sketch of a mapping from a file's header: each column whose name resembles one of our fields. */
  static Map<String, String> suggest(List<String> header) {
    Map<String, String> suggested = new LinkedHashMap<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (String column : header) {
      ImportFields.suggest(column).filter(taken::add).ifPresent(field -> suggested.put(column, field));
    }
    return suggested;
  }
}
