package io.recoverly.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.cases.ImportResult.ImportError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The imports received (who, when, which file, what they did) and the progress of one in flight. */
@Service
class ImportHistory {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  ImportHistory(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** One import as the history lists it. */
  record Entry(UUID id, String source, String format, String type, String mapping, String importedBy,
      Instant receivedAt, LocalDate asOf, int rowsRead, int imported, int updated, int recalled, int duplicates,
      int rejected) {}

  /** An import in flight (or just finished): rows read, accounts imported or changed, rows rejected. */
  record Progress(UUID uploadId, int rowsRead, int imported, int rejected, boolean finished, Instant updatedAt) {}

  List<Entry> recent(int limit) {
    return jdbc.sql("""
            select id, source, format, type, mapping, imported_by, received_at, as_of, rows_read, imported, updated,
                   recalled, duplicates, rejected
              from portfolio_import order by received_at desc, id limit :limit
            """)
        .param("limit", limit)
        .query((rs, n) -> new Entry(rs.getObject("id", UUID.class), rs.getString("source"), rs.getString("format"),
            rs.getString("type"), rs.getString("mapping"), rs.getString("imported_by"),
            rs.getTimestamp("received_at").toInstant(),
            rs.getDate("as_of") == null ? null : rs.getDate("as_of").toLocalDate(), rs.getInt("rows_read"),
            rs.getInt("imported"), rs.getInt("updated"), rs.getInt("recalled"), rs.getInt("duplicates"),
            rs.getInt("rejected")))
        .list();
  }

  /** The row errors kept with an import (at most {@value PortfolioImporter#MAX_ERRORS}); empty: no such import. */
  Optional<List<ImportError>> errors(UUID importId) {
    return jdbc.sql("select coalesce(errors, '[]'::jsonb)::text from portfolio_import where id = :id")
        .param("id", importId).query(String.class).optional().map(this::read);
  }

  /** The progress of an upload, when the one asking started it. */
  Optional<Progress> progress(UUID uploadId, String by) {
    return jdbc.sql("""
            select upload_id, rows_read, imported, rejected, finished, updated_at from import_progress
             where upload_id = :id and started_by is not distinct from :by
            """)
        .param("id", uploadId).param("by", by)
        .query((rs, n) -> new Progress(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3), rs.getInt(4),
            rs.getBoolean(5), rs.getTimestamp(6).toInstant()))
        .optional();
  }

  /** Whether someone else's import reports progress under this upload id. */
  boolean uploadTakenByAnother(UUID uploadId, String by) {
    return jdbc.sql("select count(*) from import_progress where upload_id = :id and started_by is distinct from :by")
        .param("id", uploadId).param("by", by).query(Long.class).single() > 0;
  }

  private List<ImportError> read(String text) {
    try {
      return json.readValue(text, new TypeReference<List<ImportError>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The errors as CSV (row, field, message), each cell quoted where it must be and safe to open in a spreadsheet. */
  static String csv(List<ImportError> errors) {
    StringBuilder out = new StringBuilder("row,field,message\n");
    for (ImportError e : errors) {
      out.append(e.row()).append(',').append(cell(e.field())).append(',').append(cell(e.message())).append('\n');
    }
    return out.toString();
  }

  private static String cell(String value) {
    if (value == null) {
      return "";
    }
    // a cell starting with = + - @ would be a formula in a spreadsheet (CSV injection): prefix it
    String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    boolean quote = !safe.equals(value) || safe.chars().anyMatch(c -> c == '"' || c == ',' || c == '\n' || c == '\r');
    return quote
        ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}
