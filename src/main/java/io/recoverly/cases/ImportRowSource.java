package io.recoverly.cases;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads accounts one at a time from a CSV or JSON stream: a file of any size is never held in memory. Structural
 * problems (broken quoting, unknown or missing columns, JSON that is not a list of objects) raise {@link
 * MalformedImportException}.
 */
abstract sealed class ImportRowSource implements AutoCloseable
    permits ImportRowSource.Csv, ImportRowSource.Json {

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
          .build();

  static ImportRowSource open(ImportFormat format, InputStream in, ObjectMapper json) {
    return open(format, in, json, ImportLayout.ours());
  }

  static ImportRowSource open(ImportFormat format, InputStream in, ObjectMapper json, ImportLayout layout) {
    return switch (format) {
      case CSV -> new Csv(in, layout);
      case JSON -> new Json(in, json, layout);
    };
  }

  /** The lender's own columns kept with an account, at most. */
  static final int MAX_KEPT = 50;

  protected int row;
  protected final ImportLayout layout;
  /** The file's columns that were not read, each with why (the import result lists them). */
  protected final Map<String, String> ignored = new LinkedHashMap<>();
  /** The file's columns kept with the accounts as attributes. */
  protected final java.util.Set<String> kept = new java.util.LinkedHashSet<>();

  ImportRowSource(ImportLayout layout) {
    this.layout = layout;
  }

  Map<String, String> ignoredColumns() {
    return ignored;
  }

  List<String> keptColumns() {
    return List.copyOf(kept);
  }

  /** A cell's text, refused (the file is malformed) when it carries what no input may ({@code InputHygiene}). */
  static String clean(int row, String field, String value) {
    io.recoverly.web.InputHygiene.textProblem(value).ifPresent(problem -> {
      throw new MalformedImportException(row, field, field + " " + problem);
    });
    return value;
  }

  /** The next row, or null at the end of the file. */
  abstract ImportRow next();

  @Override
  public abstract void close();

  static final class Csv extends ImportRowSource {

    private final com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> rows;
    private List<String> columns;
    /** The file's column names and the fields they name (known columns only). */
    private final Map<String, String> canonical = new java.util.HashMap<>();
    /** The file's column names kept as attributes. */
    private final java.util.Set<String> keptNames = new java.util.HashSet<>();

    Csv(InputStream in, ImportLayout layout) {
      super(layout);
      try {
        rows =
            CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(in);
      } catch (IOException e) {
        throw malformed(1, e);
      }
    }

    @Override
    ImportRow next() {
      try {
        if (!rows.hasNextValue()) {
          if (columns == null) {
            readHeader();
          }
          return null;
        }
        if (columns == null) {
          readHeader();
        }
        Map<String, String> raw = rows.nextValue();
        row++;
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> attributes = keptNames.isEmpty() ? Map.of() : new LinkedHashMap<>();
        // the header's names were read once (readHeader): each row looks its columns up, not normalises them again
        raw.forEach((column, value) -> {
          String f = canonical.get(column);
          if (f != null) {
            fields.put(f, clean(row, f, value));
          } else if (value != null && !value.isBlank() && keptNames.contains(column)) {
            attributes.put(column.strip(), clean(row, column.strip(), value));
          }
        });
        return new ImportRow(row, fields, attributes, layout.defaults());
      } catch (IOException | RuntimeException e) {
        if (e instanceof MalformedImportException m) {
          throw m;
        }
        throw malformed(row + 1, e);
      }
    }

    private void readHeader() {
      CsvSchema schema = ((CsvParser) rows.getParser()).getSchema();
      columns = new ArrayList<>();
      if (schema.size() == 0) {
        throw new MalformedImportException(0, null, "the file is empty; expected a header row with " + ImportFields.ALL);
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (CsvSchema.Column column : schema) {
        io.recoverly.web.InputHygiene.lineProblem(column.getName()).ifPresent(problem -> {
          throw new MalformedImportException(0, io.recoverly.web.InputHygiene.printable(column.getName()),
              "the column name " + problem);
        });
        if (!seen.add(ImportMapping.key(column.getName()))) {
          throw new MalformedImportException(0, io.recoverly.web.InputHygiene.printable(column.getName()),
              "the column " + io.recoverly.web.InputHygiene.printable(column.getName()) + " appears more than once");
        }
        switch (layout.resolve(column.getName(), 0)) {
          case ImportLayout.Field f -> {
            canonical.put(column.getName(), f.name());
            if (columns.contains(f.name())) {
              // two columns for one field: which one is meant cannot be told, and the second must not silently win
              throw new MalformedImportException(0, f.name(), "the column " + f.name() + " appears more than once");
            }
            columns.add(f.name());
          }
          case ImportLayout.Kept k -> {
            keptNames.add(column.getName());
            kept.add(k.name());
            if (kept.size() > MAX_KEPT) {
              throw new MalformedImportException(0, null, "more than " + MAX_KEPT + " columns to keep with the"
                  + " accounts; a mapping that IGNOREs the other columns reads this file");
            }
          }
          case ImportLayout.Ignored i -> ignored.put(i.name(), i.why());
        }
      }
      layout.requireColumns(columns);
    }

    private static MalformedImportException malformed(int row, Exception e) {
      return new MalformedImportException(row, null, "not readable as CSV (" + Json.plain(e.getMessage()) + ")", e);
    }

    @Override
    public void close() {
      try {
        rows.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static final class Json extends ImportRowSource {

    private final JsonParser parser;
    private final ObjectMapper mapper;
    /** Reads numbers as written (a double would round 5000.00000000000000000001 to 5000.0 and 1e309 to infinity). */
    private final com.fasterxml.jackson.databind.ObjectReader reader;
    /** The accounts came as {"accounts": [...]}: the object must close after the array. */
    private boolean wrapped;

    Json(InputStream in, ObjectMapper mapper, ImportLayout layout) {
      super(layout);
      this.mapper = mapper;
      this.reader = mapper.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
      try {
        parser = mapper.getFactory().createParser(in);
        // one account, one value per field: a repeated field would silently replace the first
        parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonToken first = parser.nextToken();
        if (first == null) {
          throw new MalformedImportException(0, null, "the file is empty; expected a JSON array of accounts");
        }
        if (first == JsonToken.START_OBJECT) {
          // { "accounts": [ ... ] }
          if (parser.nextToken() != JsonToken.FIELD_NAME || !"accounts".equals(parser.currentName())
              || parser.nextToken() != JsonToken.START_ARRAY) {
            throw new MalformedImportException(
                0, null, "expected a JSON array of accounts, or an object whose first field is \"accounts\": [...]");
          }
          wrapped = true;
        } else if (first != JsonToken.START_ARRAY) {
          throw new MalformedImportException(0, null, "expected a JSON array of accounts");
        }
      } catch (IOException e) {
        throw malformed(1, e);
      }
    }

    @Override
    ImportRow next() {
      try {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY || token == null) {
          if (token == null) {
            throw new MalformedImportException(row + 1, null, "the JSON array is not closed");
          }
          requireEnd();
          return null;
        }
        row++;
        if (token != JsonToken.START_OBJECT) {
          throw new MalformedImportException(row, null, "expected an account object, found " + token.asString());
        }
        JsonNode node = reader.readTree(parser);
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        var names = node.fieldNames();
        while (names.hasNext()) {
          String name = names.next();
          // a field name is echoed in results and kept as an attribute's key: the header's rule, for each object
          io.recoverly.web.InputHygiene.lineProblem(name).ifPresent(problem -> {
            throw new MalformedImportException(row, io.recoverly.web.InputHygiene.printable(name),
                "the field name " + problem);
          });
          String field;
          switch (layout.resolve(name, row)) {
            case ImportLayout.Field f -> field = f.name();
            case ImportLayout.Kept k -> {
              JsonNode value = node.get(name);
              if (value.isContainerNode()) {
                throw new MalformedImportException(row, k.name(), "expected a single value, found "
                    + value.getNodeType());
              }
              kept.add(k.name());
              if (kept.size() > MAX_KEPT) {
                throw new MalformedImportException(row, null, "more than " + MAX_KEPT + " fields to keep with the"
                    + " accounts; a mapping that IGNOREs the other fields reads this file");
              }
              if (!value.isNull() && !value.asText().isBlank()) {
                attributes.put(k.name(), clean(row, k.name(), value.asText()));
              }
              continue;
            }
            case ImportLayout.Ignored i -> {
              ignored.putIfAbsent(i.name(), i.why());
              continue;
            }
          }
          if (fields.containsKey(field)) {
            // "balance" and "Balance" (or an alias of it) name one field: which one should win is not ours to guess
            throw new MalformedImportException(row, field, "given twice (as " + name + " and another spelling)");
          }
          JsonNode value = node.get(name);
          if (value.isContainerNode()) {
            throw new MalformedImportException(row, field, "expected a single value, found " + value.getNodeType());
          }
          fields.put(field, value.isNull() ? null : value.isNumber() ? number(value) : clean(row, field, value.asText()));
        }
        return new ImportRow(row, fields, attributes, layout.defaults());
      } catch (JsonProcessingException e) {
        throw malformed(row == 0 ? 1 : row, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Nothing may follow the accounts: a second array or another field would be accounts silently left out. */
    private void requireEnd() throws IOException {
      if (wrapped && parser.nextToken() != JsonToken.END_OBJECT) {
        throw new MalformedImportException(row + 1, null, "the object holding \"accounts\" has more after it: send"
            + " the accounts in one array, and nothing else");
      }
      if (parser.nextToken() != null) {
        throw new MalformedImportException(row + 1, null, "more content after the accounts: send one JSON array (or"
            + " one {\"accounts\": [...]} object) per file");
      }
    }

    /**
     * A JSON number as text: exactly as written when it is a decimal; a number beyond a double's range (1e309), which
     * the parser reads as infinite, as its text, which the field's rule then refuses like any other non-amount.
     */
    private static String number(JsonNode value) {
      try {
        return value.decimalValue().toPlainString();
      } catch (NumberFormatException e) {
        return value.asText();
      }
    }

    private static MalformedImportException malformed(int row, JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new MalformedImportException(row, null, "not valid JSON" + where + " (" + plain(e.getOriginalMessage())
          + ")", e);
    }

    /**
     * The parser's words without its own identifiers: "exceeds the maximum allowed (1000, from
     * `StreamReadConstraints.getMaxNumberLength()`)" is said as "exceeds the maximum allowed", "enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow" is left out (a client cannot enable anything).
     */
    static String plain(String message) {
      if (message == null) {
        return "unreadable";
      }
      String first = message.lines().findFirst().orElse("");
      return first.replaceAll("\\s*\\([^()]*`[^`]*`[^()]*\\)", "")
          .replaceAll(":?\\s*enable `[^`]*` to allow", "")
          .replaceAll("`[^`]*`", "")
          .replaceAll("\\s+", " ").strip();
    }

    private static MalformedImportException malformed(int row, IOException e) {
      return e instanceof JsonProcessingException j
          ? malformed(row, j)
          : new MalformedImportException(row, null, "could not read the file (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
