package io.recoverly.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.compliance.ViolationRules.CaseFacts;
import io.recoverly.compliance.ViolationRules.Contact;
import io.recoverly.compliance.ViolationRules.PolicyAt;
import io.recoverly.compliance.ViolationRules.Span;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The independent audit (issue 22): loads every contact of a period and what the rules need (the audit's read models
 * {@code audit_contacts}, {@code audit_case_facts}, {@code audit_dispute_periods}, {@code audit_opt_out_events}, this
 * capability's notices and stops, and the policy history from the audit trail) and hands them to
 * {@link ViolationRules}. It never asks {@link ContactGuard}.
 */
@Service
public class ViolationAudit {

  /** How far before the period calls are read for the cap and the cool-down. */
  static final Duration LOOK_BACK = Duration.ofDays(60);

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  ViolationAudit(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The audit of a period: how many contacts were checked, and the violations among them. */
  public record Report(Instant from, Instant to, int checked, List<String> rules,
      List<ViolationRules.Violation> violations, int violationCount) {}

  public Report audit(Instant from, Instant to, int limit) {
    List<Contact> contacts = jdbc.sql("""
            select contact_id, case_id, channel, contacted_at, what, address, outcome from audit_contacts
             where contacted_at >= :since and contacted_at < :to
               and (contacted_at >= :from or channel = 'CALL')
            """)
        .param("since", Timestamp.from(from.minus(LOOK_BACK))).param("from", Timestamp.from(from))
        .param("to", Timestamp.from(to))
        .query((rs, n) -> new Contact(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7)))
        .list();
    Set<UUID> cases = new LinkedHashSet<>();
    contacts.stream().filter(c -> !c.at().isBefore(from)).forEach(c -> cases.add(c.caseId()));
    Map<UUID, CaseFacts> facts = facts(cases);
    List<ViolationRules.Violation> violations = ViolationRules.check(contacts, facts, policyHistory(), from);
    int checked = (int) contacts.stream().filter(c -> !c.at().isBefore(from)).count();
    return new Report(from, to, checked, ViolationRules.RULES,
        violations.subList(0, Math.min(limit, violations.size())), violations.size());
  }

  private Map<UUID, CaseFacts> facts(Set<UUID> cases) {
    Map<UUID, CaseFacts> facts = new HashMap<>();
    if (cases.isEmpty()) {
      return facts;
    }
    UUID[] ids = cases.toArray(UUID[]::new);
    Map<UUID, List<Span>> disputes = spans("""
        select case_id, raised_at, resolved_at from audit_dispute_periods where case_id = any(:ids)
        """, ids);
    Map<UUID, Map<String, List<Span>>> optOuts = new HashMap<>();
    // opt-outs as they happened: each opt-out opens a span, the next opt-in closes it
    Map<String, Instant> open = new HashMap<>();
    jdbc.sql("""
            select case_id, occurred_at, type, channel from audit_opt_out_events where case_id = any(:ids)
             order by case_id, occurred_at
            """).param("ids", ids)
        .query(rs -> {
          UUID caseId = rs.getObject(1, UUID.class);
          Instant at = rs.getTimestamp(2).toInstant();
          String key = caseId + ":" + rs.getString(4);
          if (rs.getString(3).equals("OPT_OUT_RECORDED")) {
            open.putIfAbsent(key, at);
          } else if (open.containsKey(key)) {
            optOuts.computeIfAbsent(caseId, k -> new HashMap<>()).computeIfAbsent(rs.getString(4),
                k -> new ArrayList<>()).add(new Span(open.remove(key), at));
          }
        });
    open.forEach((key, at) -> {
      UUID caseId = UUID.fromString(key.substring(0, 36));
      optOuts.computeIfAbsent(caseId, k -> new HashMap<>()).computeIfAbsent(key.substring(37),
          k -> new ArrayList<>()).add(new Span(at, null));
    });
    Map<UUID, Map<String, List<Span>>> stops = new HashMap<>();
    jdbc.sql("select case_id, medium, address, recorded_at, lifted_at from contact_stop where case_id = any(:ids)")
        .param("ids", ids)
        .query(rs -> {
          stops.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
              .computeIfAbsent(rs.getString(2) + ":" + ViolationRules.normal(rs.getString(2), rs.getString(3)),
                  k -> new ArrayList<>())
              .add(new Span(rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))));
        });
    jdbc.sql("""
            select f.case_id, f.jurisdiction, f.time_zone, f.contact_ceased_at, f.closed_at, n.sent_at
              from audit_case_facts f left join validation_notice n on n.case_id = f.case_id and n.status = 'SENT'
             where f.case_id = any(:ids)
            """).param("ids", ids)
        .query(rs -> {
          UUID caseId = rs.getObject(1, UUID.class);
          facts.put(caseId, new CaseFacts(rs.getString(2), ZoneId.of(rs.getString(3)), instant(rs.getTimestamp(4)),
              instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), disputes.getOrDefault(caseId, List.of()),
              optOuts.getOrDefault(caseId, Map.of()), stops.getOrDefault(caseId, Map.of())));
        });
    return facts;
  }

  private Map<UUID, List<Span>> spans(String sql, UUID[] ids) {
    Map<UUID, List<Span>> spans = new HashMap<>();
    jdbc.sql(sql).param("ids", ids).query(rs -> {
      spans.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
          .add(new Span(rs.getTimestamp(2).toInstant(), instant(rs.getTimestamp(3))));
    });
    return spans;
  }

  /**
   * The rules in force at any time: the current policy, and before each change the audit trail recorded
   * ({@code POLICY_CHANGED}, before and after) the one it replaced.
   */
  ViolationRules.Policies policyHistory() {
    Map<String, PolicyAt> current = new HashMap<>();
    jdbc.sql("select * from contact_policy").query(rs -> {
      current.put(rs.getString("jurisdiction"), new PolicyAt(rs.getObject("contact_from", LocalTime.class),
          rs.getObject("contact_until", LocalTime.class), Set.of(rs.getString("hours_channels").split(",")),
          (Integer) rs.getObject("max_calls"), (Integer) rs.getObject("call_window_days"),
          (Integer) rs.getObject("conversation_cooldown_days"), rs.getObject("validation_period_days") != null));
    });
    List<ViolationRules.PolicyChange> changes = jdbc.sql("""
            select occurred_at, cast(before as text) as before, cast(after as text) as after from audit_event
             where action = 'POLICY_CHANGED' order by occurred_at, id
            """)
        .query((rs, n) -> {
          JsonNode after = read(rs.getString("after"));
          return new ViolationRules.PolicyChange(after == null ? "" : after.path("jurisdiction").asText(""),
              rs.getTimestamp("occurred_at").toInstant(), policy(read(rs.getString("before"))));
        })
        .list();
    return ViolationRules.history(current, changes);
  }

  /** A policy as the audit trail recorded it (null: there was none). */
  static PolicyAt policy(JsonNode p) {
    if (p == null || p.isNull() || !p.has("contactFrom")) {
      return null;
    }
    Set<String> hours = new LinkedHashSet<>();
    p.path("hoursChannels").forEach(c -> hours.add(c.asText()));
    return new PolicyAt(time(p.path("contactFrom")), time(p.path("contactUntil")), hours, integer(p, "maxCalls"),
        integer(p, "callWindowDays"), integer(p, "conversationCooldownDays"),
        !p.path("validationPeriodDays").isNull() && !p.path("validationPeriodDays").isMissingNode());
  }

  private static LocalTime time(JsonNode t) {
    return t.isArray() ? LocalTime.of(t.get(0).asInt(), t.get(1).asInt()) : LocalTime.parse(t.asText());
  }

  private static Integer integer(JsonNode p, String field) {
    JsonNode v = p.path(field);
    return v.isNumber() ? v.asInt() : null;
  }

  private JsonNode read(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable audit record", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
