package io.recoverly.cases;

import java.util.Map;

/**
 * One account as read from a file, before validation: field name (canonical, see {@link ImportFields}) to text.
 *
 * @param row 1-based position in the file
 */
record ImportRow(int row, Map<String, String> fields) {

  String get(String field) {
    String value = fields.get(field);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
