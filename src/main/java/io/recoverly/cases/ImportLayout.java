package io.recoverly.cases;

import io.recoverly.web.InputHygiene;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How a file's columns (a CSV header, a JSON object's names) are read for an import of one type, with or without a
 * lender's mapping: each column is one of our fields, a column kept with the account (the mapping keeps what is not
 * ours), or a column ignored and listed in the result. Without a mapping a column that is not ours makes the file
 * malformed, as it always did: nothing is ever dropped without saying so.
 */
final class ImportLayout {

  /** What a column is. */
  sealed interface Column permits Field, Kept, Ignored {}

  record Field(String name) implements Column {}

  /** Stored with the account among its attributes, under the file's own column name. */
  record Kept(String name) implements Column {}

  record Ignored(String name, String why) implements Column {}

  final ImportType type;
  final ImportMapping mapping;

  ImportLayout(ImportType type, ImportMapping mapping) {
    this.type = type;
    this.mapping = mapping;
  }

  /** Placements in our own format: the import before mappings and file types. */
  static ImportLayout ours() {
    return new ImportLayout(ImportType.PLACEMENT, null);
  }

  /** @param row for the error of an unknown column without a mapping (0: the header) */
  Column resolve(String column, int row) {
    String field = mapping == null ? null : mapping.fieldOf(column);
    if (field == null) {
      field = ImportFields.canonical(column).orElse(null);
    }
    if (field == null) {
      if (mapping == null) {
        throw new MalformedImportException(row, InputHygiene.printable(column),
            (row == 0 ? "unknown column(s) [" : "unknown field [") + InputHygiene.printable(column) + "]; known "
                + (row == 0 ? "columns" : "fields") + " are " + ImportFields.ALL
                + " (a lender's own columns are read with a saved mapping: ?mapping=)");
      }
      if (type == ImportType.PLACEMENT && mapping.keepsExtras()) {
        return new Kept(column.strip());
      }
      return new Ignored(column.strip(), type == ImportType.PLACEMENT
          ? "not one of our fields; the mapping " + mapping.name() + " ignores such columns"
          : "not one of our fields (a " + type.name().toLowerCase(java.util.Locale.ROOT) + " reads only "
              + applicable() + ")");
    }
    if (!applicable().contains(field)) {
      return new Ignored(column.strip(), "a " + type.name().toLowerCase(java.util.Locale.ROOT) + " reads only "
          + applicable() + ", not " + field);
    }
    return new Field(field);
  }

  List<String> applicable() {
    return switch (type) {
      case PLACEMENT -> ImportFields.ALL;
      case UPDATE -> {
        List<String> fields = new ArrayList<>(List.of(ImportFields.ACCOUNT_REF));
        fields.addAll(ImportFields.UPDATABLE);
        yield fields;
      }
      case RECALL -> List.of(ImportFields.ACCOUNT_REF);
    };
  }

  /** The defaults a placement's empty fields take (the mapping's). */
  Map<String, String> defaults() {
    return mapping == null || type != ImportType.PLACEMENT ? Map.of() : mapping.defaults();
  }

  /** Refuses a header that cannot carry this type's rows (a required field neither a column nor a default). */
  void requireColumns(Collection<String> fields) {
    switch (type) {
      case PLACEMENT -> {
        for (String required : ImportFields.REQUIRED_COLUMNS) {
          if (!fields.contains(required) && !defaults().containsKey(required)) {
            throw new MalformedImportException(0, required, "required column missing"
                + (mapping == null ? "" : " (the mapping " + mapping.name() + " maps no column of this file to it"
                    + " and gives no default)"));
          }
        }
        if (!fields.contains(ImportFields.DUE_DATE) && !fields.contains(ImportFields.DPD)) {
          throw new MalformedImportException(0, ImportFields.DUE_DATE, "needs a dueDate or a dpd column");
        }
      }
      case UPDATE -> {
        if (!fields.contains(ImportFields.ACCOUNT_REF)) {
          throw new MalformedImportException(0, ImportFields.ACCOUNT_REF, "required column missing");
        }
        if (ImportFields.UPDATABLE.stream().noneMatch(fields::contains)) {
          throw new MalformedImportException(0, null, "an update carries accountRef and what changed: at least one"
              + " of " + ImportFields.UPDATABLE);
        }
      }
      case RECALL -> {
        if (!fields.contains(ImportFields.ACCOUNT_REF)) {
          throw new MalformedImportException(0, ImportFields.ACCOUNT_REF, "required column missing");
        }
      }
    }
  }
}
