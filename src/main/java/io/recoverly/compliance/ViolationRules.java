package io.recoverly.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The independent audit's rules: every contact that happened, re-checked against the rules in force at its time. Its
 * own code on purpose, written from the sources and not from {@link ContactGuard}: the guard decides, this checks what
 * the guard let through, so a fault in the guard shows here as violations instead of passing for compliance. Pure: the
 * facts come in, the violations go out.
 *
 * <ul>
 *   <li>{@code CONTACT_HOURS}: a call, visit or message on a channel the policy's hours cover, outside them in the
 *       debtor's time (12 CFR 1006.6(b)(1)(i): 08:00-21:00; RBI: 08:00-19:00).
 *   <li>{@code CALL_CAP}: more than the policy's calls within its rolling window (1006.14(b)(2)(i): 7 in 7 days).
 *   <li>{@code CONVERSATION_COOLDOWN}: a call within the policy's days after a telephone conversation
 *       (1006.14(b)(2)(ii): 7 days).
 *   <li>{@code CEASE_COMMUNICATION}: any contact after the debtor asked us to stop (15 U.S.C. 1692c(c)).
 *   <li>{@code DISPUTE_OPEN}: any contact while a dispute was open, and for a verified one until its verification
 *       was sent (1006.38(d)(2): collection stops until verified).
 *   <li>{@code OPT_OUT}: a text or e-mail on a channel the debtor had opted out of (1006.6(e)).
 *   <li>{@code ADDRESS_STOPPED}: a message to a number or address the debtor had stopped (1006.14(h), 1006.22(f)).
 *   <li>{@code VALIDATION_NOTICE}: a collection contact before the validation notice was sent, where the jurisdiction
 *       requires one (1006.34(a)).
 *   <li>{@code CASE_CLOSED}: any contact after the case closed.
 * </ul>
 */
public final class ViolationRules {

  public static final List<String> RULES = List.of("CONTACT_HOURS", "CALL_CAP", "CONVERSATION_COOLDOWN",
      "CEASE_COMMUNICATION", "DISPUTE_OPEN", "OPT_OUT", "ADDRESS_STOPPED", "VALIDATION_NOTICE", "CASE_CLOSED");
  /** Call outcomes in which the debtor was spoken to (a telephone conversation). */
  public static final Set<String> CONVERSATIONS = Set.of("RIGHT_PARTY_CONTACT", "PROMISE_TO_PAY",
      "SETTLEMENT_REQUESTED", "PLAN_REQUESTED", "HARDSHIP", "DISPUTE", "REFUSED");

  private ViolationRules() {}

  /** A contact that happened ({@code what}: the message's template, or the call's or visit's record). */
  public record Contact(String id, UUID caseId, String channel, Instant at, String what, String address,
      String outcome) {}

  /** A span of time (until null: still so). */
  public record Span(Instant from, Instant until) {
    boolean covers(Instant t) {
      return !t.isBefore(from) && (until == null || t.isBefore(until));
    }
  }

  /** What the rules read of one case, over its life. */
  public record CaseFacts(String jurisdiction, ZoneId zone, Instant ceasedAt, Instant closedAt,
      Instant noticeSentAt, List<Span> disputes, Map<String, List<Span>> optOuts,
      Map<String, List<Span>> stops) {}

  /** The contact rules of a jurisdiction as they stood at some time. */
  public record PolicyAt(LocalTime contactFrom, LocalTime contactUntil, Set<String> hoursChannels, Integer maxCalls,
      Integer callWindowDays, Integer cooldownDays, boolean noticeRequired) {}

  /** The rules of a jurisdiction at a time (the policy history). */
  @FunctionalInterface
  public interface Policies {
    PolicyAt at(String jurisdiction, Instant t);
  }

  /** A change of a jurisdiction's rules the audit trail recorded: when, and the rules it replaced. */
  public record PolicyChange(String jurisdiction, Instant at, PolicyAt before) {}

  /**
   * The rules in force at any time, from the current ones and the changes (oldest first): at {@code t}, what the first
   * change after {@code t} replaced, else the current ones.
   */
  public static Policies history(Map<String, PolicyAt> current, List<PolicyChange> changes) {
    return (jurisdiction, t) -> {
      for (PolicyChange change : changes) {
        if (jurisdiction.equals(change.jurisdiction()) && change.at().isAfter(t)) {
          return change.before() != null ? change.before() : current.get(jurisdiction);
        }
      }
      return current.get(jurisdiction);
    };
  }

  public record Violation(String contactId, UUID caseId, String channel, Instant at, String rule, String detail) {}

  /**
   * The violations among {@code contacts} (those at or after {@code from}); earlier calls count for the cap and the
   * cool-down only.
   */
  public static List<Violation> check(List<Contact> contacts, Map<UUID, CaseFacts> facts, Policies policies,
      Instant from) {
    List<Violation> found = new ArrayList<>();
    Map<UUID, List<Contact>> byCase = new java.util.HashMap<>();
    for (Contact c : contacts) {
      byCase.computeIfAbsent(c.caseId(), k -> new ArrayList<>()).add(c);
    }
    for (var entry : byCase.entrySet()) {
      CaseFacts f = facts.get(entry.getKey());
      if (f == null) {
        continue;
      }
      List<Contact> mine = entry.getValue();
      mine.sort(Comparator.comparing(Contact::at).thenComparing(Contact::id));
      List<Contact> calls = mine.stream().filter(c -> c.channel().equals("CALL")).toList();
      for (Contact c : mine) {
        if (c.at().isBefore(from)) {
          continue;
        }
        PolicyAt p = policies.at(f.jurisdiction(), c.at());
        checkOne(c, f, p, calls, found);
      }
    }
    found.sort(Comparator.comparing(Violation::at).thenComparing(Violation::contactId));
    return found;
  }

  private static void checkOne(Contact c, CaseFacts f, PolicyAt p, List<Contact> calls, List<Violation> found) {
    boolean notice = "validation-notice".equals(c.what());
    if (f.closedAt() != null && !c.at().isBefore(f.closedAt())) {
      found.add(v(c, "CASE_CLOSED", "contact after the case closed at " + f.closedAt()));
    }
    if (f.ceasedAt() != null && !c.at().isBefore(f.ceasedAt())) {
      found.add(v(c, "CEASE_COMMUNICATION", "contact after the debtor asked to stop at " + f.ceasedAt()));
    }
    // a dispute stops collection until it is resolved, and a verified one until its verification was sent: the
    // verification itself is the answer, not collection
    if (!"dispute-verification".equals(c.what()) && f.disputes().stream().anyMatch(s -> s.covers(c.at()))) {
      found.add(v(c, "DISPUTE_OPEN", "contact while a dispute was open"));
    }
    if (f.optOuts().getOrDefault(c.channel(), List.of()).stream().anyMatch(s -> s.covers(c.at()))) {
      found.add(v(c, "OPT_OUT", "the debtor had opted out of " + c.channel()));
    }
    if (c.address() != null && f.stops().getOrDefault(c.channel() + ":" + normal(c.channel(), c.address()), List.of())
        .stream().anyMatch(s -> s.covers(c.at()))) {
      found.add(v(c, "ADDRESS_STOPPED", "the debtor had stopped this " + c.channel() + " address"));
    }
    if (p == null) {
      return;
    }
    if (p.noticeRequired() && !notice && (f.noticeSentAt() == null || c.at().isBefore(f.noticeSentAt()))) {
      found.add(v(c, "VALIDATION_NOTICE", "collection contact before the validation notice was sent"
          + (f.noticeSentAt() == null ? " (it never was)" : " (at " + f.noticeSentAt() + ")")));
    }
    if (p.hoursChannels().contains(c.channel())) {
      LocalTime local = c.at().atZone(f.zone()).toLocalTime();
      if (local.isBefore(p.contactFrom()) || !local.isBefore(p.contactUntil())) {
        found.add(v(c, "CONTACT_HOURS", c.channel() + " at " + local.withNano(0) + " debtor-local, outside "
            + p.contactFrom() + "-" + p.contactUntil()));
      }
    }
    if (!c.channel().equals("CALL")) {
      return;
    }
    if (p.maxCalls() != null && p.callWindowDays() != null) {
      Instant windowStart = c.at().minus(Duration.ofDays(p.callWindowDays()));
      long inWindow = calls.stream().filter(o -> o.at().isAfter(windowStart) && !o.at().isAfter(c.at())
          && (o.at().isBefore(c.at()) || o.id().compareTo(c.id()) <= 0)).count();
      if (inWindow > p.maxCalls()) {
        found.add(v(c, "CALL_CAP", "call " + inWindow + " within " + p.callWindowDays() + " days (at most "
            + p.maxCalls() + ")"));
      }
    }
    if (p.cooldownDays() != null) {
      calls.stream().filter(o -> CONVERSATIONS.contains(o.outcome()) && o.at().isBefore(c.at())
              && o.at().plus(Duration.ofDays(p.cooldownDays())).isAfter(c.at()))
          .reduce((a, b) -> b)
          .ifPresent(o -> found.add(v(c, "CONVERSATION_COOLDOWN", "call within " + p.cooldownDays()
              + " days of a telephone conversation at " + o.at())));
    }
  }

  /** A number or address as a stop names it. */
  static String normal(String channel, String address) {
    String a = address.strip();
    return channel.equals("EMAIL") ? a.toLowerCase(java.util.Locale.ROOT) : a;
  }

  private static Violation v(Contact c, String rule, String detail) {
    return new Violation(c.id(), c.caseId(), c.channel(), c.at(), rule, detail);
  }
}
