package io.recoverly.cases;

import java.util.Map;

/**
 * One account as read from a file, before validation: field name (canonical, see {@link ImportFields}) to text.
 *
 * @param row 1-based position in the file
 * @param attributes the file's columns that are not ours, kept with the account by the mapping's choice (file column
 *     name to text; empty values left out)
 * @param defaults values for fields the row leaves empty (the mapping's)
 */
record ImportRow(int row, Map<String, String> fields, Map<String, String> attributes, Map<String, String> defaults) {

  ImportRow(int row, Map<String, String> fields) {
    this(row, fields, Map.of(), Map.of());
  }

  String get(String field) {
    String value = fields.get(field);
    if (value == null || value.isBlank()) {
      return defaults.get(field);
    }
    // whitespace only: trim() would also drop control characters (a NUL after a date), which are then refused
    return value.strip();
  }
}
