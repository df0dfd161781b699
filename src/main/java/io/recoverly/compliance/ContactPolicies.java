package io.recoverly.compliance;

import io.recoverly.web.Problems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The contact rules per jurisdiction (table contact_policy): data the compliance role edits, not code. */
@Service
public class ContactPolicies {

  static final Set<String> CHANNELS = Set.of("CALL", "SMS", "EMAIL", "LETTER", "VISIT");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final AuditTrail audit;
  private final org.springframework.context.ApplicationEventPublisher events;

  ContactPolicies(JdbcClient jdbc, Clock clock, AuditTrail audit,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * @param contactFrom first allowed debtor-local time
   * @param contactUntil end of the allowed window (exclusive), debtor-local
   * @param hoursChannels the channels the window applies to
   * @param maxCalls call attempts allowed per debt within callWindowDays (null: no cap)
   * @param conversationCooldownDays no call within this many days after a telephone conversation (null: none)
   * @param validationPeriodDays a validation notice goes out before collection; disputes inside the period stop
   *     collection until verified (null: no notice)
   * @param agentIdentityRequired calls and visits must name the recovery agent
   */
  public record Policy(String jurisdiction, String name, LocalTime contactFrom, LocalTime contactUntil,
      List<String> hoursChannels, Integer maxCalls, Integer callWindowDays, Integer conversationCooldownDays,
      Integer validationPeriodDays, boolean agentIdentityRequired, String updatedBy, Instant updatedAt) {}

  public List<Policy> all() {
    return jdbc.sql("select * from contact_policy order by jurisdiction").query((rs, n) -> map(rs)).list();
  }

  public Optional<Policy> of(String jurisdiction) {
    return jdbc.sql("select * from contact_policy where jurisdiction = :j").param("j", jurisdiction)
        .query((rs, n) -> map(rs)).optional();
  }

  /** Replaces a jurisdiction's rules; refuses inconsistent ones (400) and audits the change. */
  @Transactional
  public Policy save(Policy p, String by) {
    validate(p);
    Policy before = of(p.jurisdiction()).orElse(null);
    jdbc.sql("""
            insert into contact_policy (jurisdiction, name, contact_from, contact_until, hours_channels, max_calls,
                                        call_window_days, conversation_cooldown_days, validation_period_days,
                                        agent_identity_required, updated_by, updated_at)
            values (:j, :name, :from, :until, :channels, :maxCalls, :window, :cooldown, :validation, :agentId, :by, :at)
            on conflict (jurisdiction) do update set name = excluded.name, contact_from = excluded.contact_from,
              contact_until = excluded.contact_until, hours_channels = excluded.hours_channels,
              max_calls = excluded.max_calls, call_window_days = excluded.call_window_days,
              conversation_cooldown_days = excluded.conversation_cooldown_days,
              validation_period_days = excluded.validation_period_days,
              agent_identity_required = excluded.agent_identity_required, updated_by = excluded.updated_by,
              updated_at = excluded.updated_at
            """)
        .param("j", p.jurisdiction()).param("name", p.name()).param("from", p.contactFrom())
        .param("until", p.contactUntil()).param("channels", String.join(",", new LinkedHashSet<>(p.hoursChannels())))
        .param("maxCalls", p.maxCalls()).param("window", p.callWindowDays())
        .param("cooldown", p.conversationCooldownDays()).param("validation", p.validationPeriodDays())
        .param("agentId", p.agentIdentityRequired()).param("by", by).param("at", Timestamp.from(clock.instant()))
        .update();
    Policy after = of(p.jurisdiction()).orElseThrow();
    audit.record("POLICY_CHANGED", null, null, "Contact policy " + p.jurisdiction() + " changed", before, after);
    events.publishEvent(new ContactPolicyChanged(p.jurisdiction()));
    return after;
  }

  private static void validate(Policy p) {
    if (p.jurisdiction() == null || !p.jurisdiction().matches("[A-Z]{2}")
        || !java.util.Locale.getISOCountries(java.util.Locale.IsoCountryCode.PART1_ALPHA2).contains(p.jurisdiction())) {
      throw bad("jurisdiction", "must be an ISO 3166 country code (US, IN, GB, …)");
    }
    if (p.name() == null || p.name().isBlank() || p.name().length() > 120) {
      throw bad("name", "must be 1 to 120 characters");
    }
    if (p.contactFrom() == null || p.contactUntil() == null || !p.contactFrom().isBefore(p.contactUntil())) {
      throw bad("contactFrom", "contactFrom and contactUntil must be set, contactFrom before contactUntil");
    }
    for (java.time.LocalTime t : new java.time.LocalTime[] {p.contactFrom(), p.contactUntil()}) {
      if (t.getSecond() != 0 || t.getNano() != 0) {
        throw bad("contactFrom", "contact hours are whole minutes (HH:mm)");
      }
    }
    if (p.hoursChannels() == null || !CHANNELS.containsAll(p.hoursChannels())) {
      throw bad("hoursChannels", "must be a list of " + CHANNELS);
    }
    if ((p.maxCalls() == null) != (p.callWindowDays() == null)) {
      throw bad("maxCalls", "maxCalls and callWindowDays go together");
    }
    for (Integer days : Arrays.asList(p.maxCalls(), p.callWindowDays(), p.conversationCooldownDays(),
        p.validationPeriodDays())) {
      if (days != null && (days < 1 || days > 365)) {
        throw bad("maxCalls", "counts and day periods must be between 1 and 365");
      }
    }
  }

  private static RuntimeException bad(String field, String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid contact policy", field + ": " + detail).field(field)
        .exception();
  }

  /** A contact_policy row (also read by the guard, with the case's other facts). */
  static Policy map(ResultSet rs) throws SQLException {
    return new Policy(rs.getString("jurisdiction"), rs.getString("name"), rs.getObject("contact_from", LocalTime.class),
        rs.getObject("contact_until", LocalTime.class), List.of(rs.getString("hours_channels").split(",")),
        (Integer) rs.getObject("max_calls"), (Integer) rs.getObject("call_window_days"),
        (Integer) rs.getObject("conversation_cooldown_days"), (Integer) rs.getObject("validation_period_days"),
        rs.getBoolean("agent_identity_required"), rs.getString("updated_by"),
        rs.getTimestamp("updated_at").toInstant());
  }
}
