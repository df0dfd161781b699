package io.recoverly.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.web.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Call scripts with objection handling, per stage and jurisdiction: data the compliance role edits, not code. The
 * placeholders {debtorName}, {agentName}, {accountRef}, {balance}, {currency} and {creditor} are filled in by the
 * workbench.
 */
@Service
public class CallScripts {

  static final Set<String> STAGES = Set.of("CONTACT", "NEGOTIATION", "MONITORING", "DISPUTE", "LEGAL", "REVIEW");
  static final Set<String> JURISDICTIONS = Set.of("US", "IN", "*");
  private static final TypeReference<List<Objection>> OBJECTIONS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  private final AuditTrail audit;

  CallScripts(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditTrail audit) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.audit = audit;
  }

  public record Objection(String objection, String response) {}

  public record Script(String stage, String jurisdiction, String title, String opening, List<Objection> objections,
      String updatedBy, Instant updatedAt) {}

  /** The script for a stage and jurisdiction, falling back to the stage's script for any jurisdiction. */
  public Optional<Script> find(String stage, String jurisdiction) {
    return jdbc.sql(
            """
            select * from call_script where stage = :stage and jurisdiction in (:jurisdiction, '*')
             order by (jurisdiction = '*') limit 1
            """)
        .param("stage", upper(stage)).param("jurisdiction", upper(jurisdiction))
        .query((rs, n) -> script(rs))
        .optional();
  }

  public List<Script> all() {
    return jdbc.sql("select * from call_script order by stage, jurisdiction").query((rs, n) -> script(rs)).list();
  }

  private Script script(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Script(rs.getString("stage"), rs.getString("jurisdiction"), rs.getString("title"),
        rs.getString("opening"), read(rs.getString("objections")), rs.getString("updated_by"),
        rs.getTimestamp("updated_at").toInstant());
  }

  /** Creates or replaces a script; every field is checked before anything is written. */
  @Transactional
  public Script save(String stage, String jurisdiction, String title, String opening, List<Objection> objections,
      String updatedBy) {
    String s = upper(stage);
    String j = jurisdiction == null ? null : jurisdiction.equals("*") ? "*" : upper(jurisdiction);
    if (!STAGES.contains(s)) {
      throw invalid("stage", "must be one of " + STAGES.stream().sorted().toList());
    }
    if (!JURISDICTIONS.contains(j)) {
      throw invalid("jurisdiction", "must be US, IN or * (any)");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw invalid("title", "required, at most 200 characters");
    }
    if (opening == null || opening.isBlank() || opening.length() > 4000) {
      throw invalid("opening", "required, at most 4000 characters");
    }
    List<Objection> list = objections == null ? List.of() : objections;
    if (list.size() > 30) {
      throw invalid("objections", "at most 30");
    }
    for (Objection o : list) {
      if (o.objection() == null || o.objection().isBlank() || o.response() == null || o.response().isBlank()
          || o.objection().length() > 500 || o.response().length() > 2000) {
        throw invalid("objections", "each needs an objection (at most 500 characters) and a response (at most 2000)");
      }
    }
    if (updatedBy == null || updatedBy.isBlank()) {
      throw invalid("updatedBy", "name who changes the script");
    }
    Script before = jdbc.sql("select * from call_script where stage = :s and jurisdiction = :j").param("s", s)
        .param("j", j).query((rs, n) -> script(rs)).optional().orElse(null);
    jdbc.sql(
            """
            insert into call_script (stage, jurisdiction, title, opening, objections, updated_by, updated_at)
            values (:stage, :jurisdiction, :title, :opening, cast(:objections as jsonb), :by, :at)
            on conflict (stage, jurisdiction) do update set title = excluded.title, opening = excluded.opening,
                objections = excluded.objections, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """)
        .param("stage", s).param("jurisdiction", j).param("title", title).param("opening", opening)
        .param("objections", write(list)).param("by", updatedBy).param("at", Timestamp.from(clock.instant()))
        .update();
    Script saved = find(s, j).orElseThrow();
    audit.record("SCRIPT_CHANGED", null, null, "Call script " + s + "/" + j + " saved", before, saved);
    return saved;
  }

  private static RuntimeException invalid(String field, String message) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid call script", field + ": " + message).field(field).exception();
  }

  private static String upper(String text) {
    return text == null ? null : text.trim().toUpperCase(Locale.ROOT);
  }

  private List<Objection> read(String text) {
    try {
      return json.readValue(text, OBJECTIONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored objections are not JSON", e);
    }
  }

  private String write(List<Objection> objections) {
    try {
      return json.writeValueAsString(objections);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
