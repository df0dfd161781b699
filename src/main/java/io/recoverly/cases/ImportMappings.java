package io.recoverly.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The lenders' saved file formats ({@link ImportMapping}), by name. */
@Service
class ImportMappings {

  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  ImportMappings(JdbcClient jdbc, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** A saved mapping with when and by whom it was last changed. */
  record Saved(ImportMapping mapping, Instant updatedAt, String updatedBy) {}

  @Transactional
  Saved save(ImportMapping mapping, String by) {
    Instant at = clock.instant();
    jdbc.sql("""
            insert into import_mapping (name, columns, date_format, defaults, extra_columns, updated_at, updated_by)
            values (:name, cast(:columns as jsonb), :dateFormat, cast(:defaults as jsonb), :extra, :at, :by)
            on conflict ((lower(name))) do update set name = excluded.name, columns = excluded.columns,
                   date_format = excluded.date_format,
                   defaults = excluded.defaults, extra_columns = excluded.extra_columns,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """)
        .param("name", mapping.name()).param("columns", write(mapping.columns()))
        .param("dateFormat", mapping.dateFormat()).param("defaults", write(mapping.defaults()))
        .param("extra", mapping.extraColumns()).param("at", Timestamp.from(at)).param("by", by)
        .update();
    return new Saved(mapping, at, by);
  }

  List<Saved> all() {
    return jdbc.sql("select * from import_mapping order by lower(name)").query((rs, n) -> saved(rs)).list();
  }

  Optional<Saved> find(String name) {
    return jdbc.sql("select * from import_mapping where lower(name) = lower(:name)").param("name", name)
        .query((rs, n) -> saved(rs)).optional();
  }

  /** The mapping an import names; a 404 problem when there is none. */
  ImportMapping require(String name) {
    return find(name).map(Saved::mapping).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "Unknown mapping",
        "no mapping is saved as '" + io.recoverly.web.InputHygiene.printable(name) + "': save it first with PUT"
            + " /api/portfolios/mappings/{name}").field("mapping").exception());
  }

  @Transactional
  boolean delete(String name) {
    return jdbc.sql("delete from import_mapping where lower(name) = lower(:name)").param("name", name).update() == 1;
  }

  private Saved saved(java.sql.ResultSet rs) throws java.sql.SQLException {
    ImportMapping mapping = new ImportMapping(rs.getString("name"), read(rs.getString("columns")),
        rs.getString("date_format"), read(rs.getString("defaults")), rs.getString("extra_columns"));
    return new Saved(mapping, rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
  }

  private String write(Map<String, String> map) {
    try {
      return json.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> read(String text) {
    try {
      return text == null ? Map.of() : json.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
