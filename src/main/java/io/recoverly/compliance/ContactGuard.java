package io.recoverly.compliance;

import io.recoverly.cases.Cases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decides whether an outbound contact may happen now, by the rules of the debtor's jurisdiction (table
 * contact_policy). Every channel worker and every agent call or visit asks it first; the decision (allowed or blocked,
 * the rule, the next allowed time) is stored with the attempt. Rules, in order: cease-communication, open dispute,
 * channel opt-out, validation notice before collection calls, a phone on file for a call (an address for a visit),
 * contact hours in the debtor's time zone, call cap per window, no call within the cool-down after a telephone
 * conversation.
 */
@Service
public class ContactGuard {

  private final JdbcClient jdbc;
  private final Clock clock;
  /** Tests only ({@link GuardBypass}): null in the application. */
  private final GuardBypass bypass;

  ContactGuard(JdbcClient jdbc, Clock clock,
      org.springframework.beans.factory.ObjectProvider<GuardBypass> bypass) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.bypass = bypass.getIfAvailable();
    if (this.bypass != null) {
      org.slf4j.LoggerFactory.getLogger(ContactGuard.class).warn("A test switch can bypass the contact guard: {}",
          this.bypass.getClass().getName());
    }
  }

  /**
   * @param allowed whether the contact may go out now
   * @param rule the rule that decided (ALLOW when nothing objects)
   * @param nextAllowedAt when a time rule blocked: the first moment every time rule allows the contact (the contact is
   *     rescheduled to it, not dropped); null when allowed or when no time makes it allowed
   */
  public record Decision(boolean allowed, String rule, String reason, Instant nextAllowedAt) {
    /** Nothing objects: the decision every allowed contact carries. */
    public static Decision allow() {
      return new Decision(true, "ALLOW", "no rule objects", null);
    }

    static Decision block(String rule, String reason) {
      return new Decision(false, rule, reason, null);
    }
  }

  /**
   * What the contact record says about the debt's calls, supplied by the contact capability.
   *
   * @param calls when calls were attempted (any outcome), recent first or in any order
   * @param lastConversation the last telephone conversation with the debtor (a call that reached them), or null
   */
  public record CallHistory(List<Instant> calls, Instant lastConversation) {
    public static final CallHistory NONE = new CallHistory(List.of(), null);
  }

  /**
   * What the guard's rules read about a case, read once: a worker that checks several channels (a reminder and its
   * validation notice) or also needs the contact points asks for them once and checks each channel against them.
   *
   * @param debtor the case's unmasked contact points (with the cease-communication flag)
   * @param policy the rules of the debtor's jurisdiction; null where none is configured
   * @param noticeStatus the validation notice: null when none was queued, else QUEUED, SENT or UNDELIVERABLE
   * @param noticeDueAt when the queued notice's message may go out (null: now)
   * @param stops the debtor's stops per medium and address, as {@code MEDIUM:address} ({@link ContactStops})
   * @param verificationStatus a verified dispute's verification not sent yet: QUEUED or UNDELIVERABLE (the disputes'
   *     read model {@code case_verification_pending}); null when none waits
   * @param verificationDueAt when the queued verification's message may go out (null: now)
   */
  public record Facts(UUID caseId, Cases.ContactPoints debtor, boolean disputeOpen, Set<String> optedOut,
      ContactPolicies.Policy policy, String noticeStatus, Instant noticeDueAt, Set<String> stops,
      String verificationStatus, Instant verificationDueAt) {

    /** The stop that names the address this channel would use now (null: none does). */
    public String stopFor(String channel) {
      String address = ContactStops.addressOf(channel, debtor);
      return address == null || !stops.contains(channel + ":" + address) ? null : address;
    }

    /** The jurisdiction requires a validation notice before collection. */
    public boolean noticeRequired() {
      return policy != null && policy.validationPeriodDays() != null;
    }

    /** The jurisdiction requires a validation notice and none has been queued yet. */
    public boolean validationNoticeDue() {
      return noticeRequired() && noticeStatus == null;
    }

    /** A provider accepted the validation notice. */
    public boolean validationNoticeSent() {
      return "SENT".equals(noticeStatus);
    }
  }

  /**
   * Reads the facts the rules need about a case in one statement: the contact points (the cases' read model
   * {@code case_contact_points}), whether a dispute is open (the disputes' {@code case_open_dispute}), and this
   * capability's own facts: the jurisdiction's rules, the case's opt-outs and its notice.
   */
  public Facts facts(UUID caseId) {
    // one statement: the cases' and the disputes' read models (V41) beside this capability's own tables
    return jdbc.sql("""
            select p.*,
                   cp.full_name as cp_full_name, cp.phone as cp_phone, cp.email as cp_email,
                   cp.address as cp_address, cp.time_zone as cp_time_zone, cp.jurisdiction as cp_jurisdiction,
                   cp.account_ref as cp_account_ref, cp.balance as cp_balance, cp.currency as cp_currency,
                   cp.contact_ceased as cp_contact_ceased, cp.case_open as cp_case_open,
                   cp.phone_type as cp_phone_type, cp.creditor as cp_creditor, cp.language as cp_language,
                   cp.email_type as cp_email_type, cp.email_given_by_debtor as cp_email_given_by_debtor,
                   cp.email_status as cp_email_status,
                   array(select s.medium || ':' || s.address from contact_stop s
                          where s.case_id = cp.case_id and s.lifted_at is null) as stops,
                   (select v.status from case_verification_pending v where v.case_id = cp.case_id
                     order by v.status limit 1) as verification_status,
                   (select max(vm.send_after) from case_verification_pending v
                      join outbound_message vm on vm.dedup_key = v.verification_key
                     where v.case_id = cp.case_id) as verification_due_at,
                   exists (select 1 from case_open_dispute od where od.case_id = cp.case_id) as dispute_open,
                   array(select o.channel from contact_opt_out o where o.case_id = cp.case_id) as opted_out,
                   n.status as notice_status, m.send_after as notice_due_at
              from case_contact_points cp
              left join contact_policy p on p.jurisdiction = cp.jurisdiction
              left join validation_notice n on n.case_id = cp.case_id
              left join outbound_message m on m.dedup_key = n.message_key
             where cp.case_id = :caseId
            """)
        .param("caseId", caseId)
        .query((rs, n) -> new Facts(caseId, Cases.contactPoints(rs, "cp_"), rs.getBoolean("dispute_open"),
            new TreeSet<>(Arrays.asList((String[]) rs.getArray("opted_out").getArray())),
            rs.getString("jurisdiction") == null ? null : ContactPolicies.map(rs), rs.getString("notice_status"),
            rs.getTimestamp("notice_due_at") == null ? null : rs.getTimestamp("notice_due_at").toInstant(),
            new TreeSet<>(Arrays.asList((String[]) rs.getArray("stops").getArray())),
            rs.getString("verification_status"),
            rs.getTimestamp("verification_due_at") == null ? null : rs.getTimestamp("verification_due_at").toInstant()))
        .optional().orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
  }

  /**
   * The decision for contacting the debtor on {@code channel} now, by facts read just before (same transaction): for
   * putting a written message in the outbox (it goes out after the validation notice queued before it: the relay asks
   * {@link #checkDelivery} when it hands it over), for a call or a visit an agent records, for a call the process
   * offers.
   */
  public Decision check(Facts facts, String channel, CallHistory history) {
    return decide(facts, channel, history, false, false);
  }

  /**
   * The decision for handing a queued message to the provider now: as {@link #check}, and a collection message waits
   * until the validation notice is sent (the notice itself is what it waits for).
   */
  public Decision checkDelivery(Facts facts, String channel, CallHistory history, boolean isValidationNotice) {
    return decide(facts, channel, history, true, isValidationNotice);
  }

  /**
   * The decision for queuing a message the rules require before collection may go on (a dispute's verification): as
   * {@link #check}, but it does not wait for itself.
   */
  public Decision checkRequired(Facts facts, String channel, CallHistory history) {
    return decide(facts, channel, history, false, true);
  }

  private Decision decide(Facts facts, String channel, CallHistory history, boolean delivery,
      boolean isValidationNotice) {
    String ch = channel.toUpperCase(Locale.ROOT);
    if (bypass != null && bypass.bypassed(facts, ch)) {
      return Decision.allow(); // a test's deliberately broken guard: the independent audit must find what follows
    }
    Decision standing = standing(facts, ch);
    if (!standing.allowed()) {
      return standing;
    }
    var policy = facts.policy();
    if (policy == null) {
      return contactPoint(facts, ch);
    }
    ZoneId zone = ZoneId.of(facts.debtor().timezone());
    Instant now = clock.instant();
    Instant from = now;
    // no collection contact before a validation notice a provider accepted (Reg F §1006.34): calls and visits wait for
    // it, written messages may be queued behind it but are not handed over before it
    boolean spoken = ch.equals("CALL") || ch.equals("VISIT");
    if (facts.noticeRequired() && !isValidationNotice && !facts.validationNoticeSent()) {
      if ("UNDELIVERABLE".equals(facts.noticeStatus()) || (facts.noticeStatus() == null && (spoken || delivery))) {
        return Decision.block("VALIDATION_NOTICE_REQUIRED", "the validation notice must be sent before any"
            + " collection contact" + ("UNDELIVERABLE".equals(facts.noticeStatus())
                ? ", and it cannot be delivered: verify the debtor's details" : ""));
      }
      if ("QUEUED".equals(facts.noticeStatus()) && (spoken || delivery)) {
        // the notice is on its way: try again a few seconds after it may go out
        Instant noticeAt = facts.noticeDueAt() == null || facts.noticeDueAt().isBefore(now) ? now
            : facts.noticeDueAt();
        from = noticeAt.plusSeconds(5);
      }
    }
    String pending = from.isAfter(now) ? "VALIDATION_NOTICE_PENDING" : null;
    // a verified dispute is answered with the verification before collection resumes (12 CFR 1006.38(d)(2)(i)): calls
    // and deliveries wait for it, messages may be queued behind it
    if (facts.verificationStatus() != null && !isValidationNotice) {
      if ("UNDELIVERABLE".equals(facts.verificationStatus())) {
        return Decision.block("VERIFICATION_REQUIRED", "the verification of the disputed debt must be sent before"
            + " collection resumes, and it cannot be delivered: verify the debtor's details");
      }
      if (spoken || delivery) {
        // a few seconds after the verification may go out (held for the e-mail's hours: until then, not every 5 s)
        Instant due = facts.verificationDueAt() == null || facts.verificationDueAt().isBefore(now) ? now
            : facts.verificationDueAt();
        from = later(from, due.plusSeconds(5));
        pending = "VERIFICATION_PENDING";
      }
    }
    Decision point = contactPoint(facts, ch);
    if (!point.allowed()) {
      return point;
    }
    Instant next = nextAllowed(from, ch, zone, policy, history);
    if (next.equals(now)) {
      return Decision.allow();
    }
    String rule = from.isAfter(now) ? pending : ruleAt(now, ch, zone, policy, history);
    return new Decision(false, rule, reason(rule, policy, zone, next), next);
  }

  /**
   * When an agent contact on {@code channel} can next be made, by the same rules as {@link #check}: from the first
   * moment they allow it, until the contact hours close again. {@code from} is null when no time makes it allowed
   * while the facts hold (cease, dispute, opt-out, no phone); {@code until} is null when no time rule closes it.
   *
   * @param rule the rule that blocks the contact now (null when it is allowed now)
   * @param reason the rule's reason, with the next allowed time in the debtor's local time
   */
  public record Window(Instant from, Instant until, String rule, String reason) {}

  public Window window(Facts facts, String channel, CallHistory history) {
    Decision now = check(facts, channel, history);
    Instant from = now.allowed() ? clock.instant() : now.nextAllowedAt();
    Instant until = null;
    if (from != null && facts.policy() != null) {
      String ch = channel.toUpperCase(Locale.ROOT);
      until = hoursCloseAfter(from, ch, ZoneId.of(facts.debtor().timezone()), facts.policy());
    }
    return now.allowed() ? new Window(from, until, null, null) : new Window(from, until, now.rule(), now.reason());
  }

  /** The end of the contact-hours window {@code t} lies in, or null when the hours do not apply to the channel. */
  private static Instant hoursCloseAfter(Instant t, String ch, ZoneId zone, ContactPolicies.Policy policy) {
    if (!policy.hoursChannels().contains(ch)) {
      return null;
    }
    ZonedDateTime local = t.atZone(zone);
    ZonedDateTime close = local.with(policy.contactUntil()).withNano(0);
    return close.isAfter(local) ? close.toInstant() : close.plusDays(1).toInstant();
  }

  /** What no time lifts while it holds: a closed case, a cease request, an open dispute, an opt-out of the channel. */
  private static Decision standing(Facts facts, String ch) {
    if (!facts.debtor().caseOpen()) {
      // paid, settled, recalled by the creditor: contact about it stops at once, whatever the process still holds
      return Decision.block("CASE_CLOSED", "the case is closed: nobody is contacted about it");
    }
    if (facts.debtor().contactCeased()) {
      return Decision.block("CEASE_COMMUNICATION", "the debtor asked us to stop all communication");
    }
    if (facts.disputeOpen()) {
      return Decision.block("DISPUTE_OPEN", "a dispute is open: no contact until it is resolved");
    }
    if (facts.optedOut().contains(ch)) {
      return Decision.block("OPT_OUT", "the debtor opted out of " + ch);
    }
    if (facts.stopFor(ch) != null) {
      // 12 CFR 1006.14(h) (a medium the debtor asked us not to use), 1006.22(f): for this number or address only
      return Decision.block("ADDRESS_STOPPED", "the debtor asked us not to use this " + ContactStops.what(ch) + " ("
          + ContactStops.masked(ch, facts.stopFor(ch)) + ")");
    }
    return Decision.allow();
  }

  /**
   * Whether a call at {@code at} that the debtor asks for can be kept: refused when a fact forbids calls (cease,
   * dispute, opt-out, no phone) or {@code at} lies outside the contact hours in the debtor's time (then
   * {@code nextAllowedAt} is the first time inside them). The call cap and the cool-down are not asked: they may have
   * cleared by then, and the call waits for them anyway.
   */
  public Decision callbackAt(Facts facts, Instant at) {
    Decision standing = standing(facts, "CALL");
    if (!standing.allowed()) {
      return standing;
    }
    Decision point = contactPoint(facts, "CALL");
    if (!point.allowed() || facts.policy() == null) {
      return point;
    }
    ZoneId zone = ZoneId.of(facts.debtor().timezone());
    Instant inside = inHours(at, "CALL", zone, facts.policy());
    if (inside.equals(at)) {
      return Decision.allow();
    }
    return new Decision(false, "CONTACT_HOURS", facts.policy().name() + ": calls only "
        + facts.policy().contactFrom() + "-" + facts.policy().contactUntil() + " debtor-local, and "
        + debtorLocal(at, zone) + " is outside them; the next time inside is " + debtorLocal(inside, zone), inside);
  }

  /**
   * A call needs a phone on file, a text message a mobile, and a visit an address: no time lifts that, new details do.
   */
  private static Decision contactPoint(Facts facts, String ch) {
    if (ch.equals("CALL") && blank(facts.debtor().phone())) {
      return Decision.block("NO_PHONE", "no phone number on file: verify the debtor's details first");
    }
    if (ch.equals("SMS") && !facts.debtor().textable()) {
      return Decision.block("NOT_A_MOBILE", blank(facts.debtor().phone()) ? "no phone number on file"
          : "the phone on file is a " + facts.debtor().phoneType().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " number: SMS goes only to mobiles");
    }
    if (ch.equals("EMAIL") && facts.debtor().emailUnusable() != null) {
      return Decision.block("EMAIL_UNUSABLE", facts.debtor().emailUnusable());
    }
    if (ch.equals("VISIT") && blank(facts.debtor().address())) {
      return Decision.block("NO_ADDRESS", "no postal address on file: verify the debtor's details first");
    }
    return Decision.allow();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The first instant at or after {@code from} that every time rule allows (iterates: rules can push each other). */
  private static Instant nextAllowed(Instant from, String ch, ZoneId zone, ContactPolicies.Policy policy,
      CallHistory history) {
    Instant t = from;
    for (int i = 0; i < 20; i++) {
      Instant moved = t;
      if (ch.equals("CALL")) {
        moved = later(moved, capFreesAt(moved, policy, history));
        moved = later(moved, cooldownEndsAt(policy, history));
      }
      moved = inHours(moved, ch, zone, policy);
      if (moved.equals(t)) {
        return t;
      }
      t = moved;
    }
    return t;
  }

  private static String ruleAt(Instant now, String ch, ZoneId zone, ContactPolicies.Policy policy,
      CallHistory history) {
    if (ch.equals("CALL") && capFreesAt(now, policy, history).isAfter(now)) {
      return "CALL_FREQUENCY";
    }
    if (ch.equals("CALL") && cooldownEndsAt(policy, history).isAfter(now)) {
      return "CONVERSATION_COOLDOWN";
    }
    return "CONTACT_HOURS";
  }

  /** A moment as the debtor reads it in a reason: {@code 2026-12-03 08:00 debtor-local (America/Chicago)}. */
  public static String debtorLocal(Instant at, ZoneId zone) {
    return ZonedDateTime.ofInstant(at, zone).toLocalDateTime().toString().replace('T', ' ')
        + " debtor-local (" + zone + ")";
  }

  private static String reason(String rule, ContactPolicies.Policy policy, ZoneId zone, Instant next) {
    String when = "next allowed " + debtorLocal(next, zone);
    return switch (rule) {
      case "VALIDATION_NOTICE_PENDING" -> policy.name() + ": the validation notice is on its way and must be sent"
          + " before any collection contact; " + when;
      case "VERIFICATION_PENDING" -> policy.name() + ": the verification of the disputed debt is on its way and must"
          + " be sent before collection resumes (12 CFR 1006.38); " + when;
      case "CALL_FREQUENCY" -> policy.name() + ": at most " + policy.maxCalls() + " call attempts in "
          + policy.callWindowDays() + " days; " + when;
      case "CONVERSATION_COOLDOWN" -> policy.name() + ": no call within " + policy.conversationCooldownDays()
          + " days after a telephone conversation; " + when;
      default -> policy.name() + ": contact only " + policy.contactFrom() + "-" + policy.contactUntil()
          + " debtor-local; " + when;
    };
  }

  /** When the call cap frees a slot: the oldest call in the window leaves it. */
  private static Instant capFreesAt(Instant at, ContactPolicies.Policy policy, CallHistory history) {
    if (policy.maxCalls() == null) {
      return at;
    }
    Duration window = Duration.ofDays(policy.callWindowDays());
    List<Instant> inWindow = history.calls().stream()
        .filter(c -> !c.isAfter(at) && c.isAfter(at.minus(window))).sorted().toList();
    if (inWindow.size() < policy.maxCalls()) {
      return at;
    }
    // the (size - max + 1) oldest calls must leave the window before another call fits
    return inWindow.get(inWindow.size() - policy.maxCalls()).plus(window);
  }

  private static Instant cooldownEndsAt(ContactPolicies.Policy policy, CallHistory history) {
    if (policy.conversationCooldownDays() == null || history.lastConversation() == null) {
      return Instant.MIN;
    }
    return history.lastConversation().plus(Duration.ofDays(policy.conversationCooldownDays()));
  }

  /** {@code t} itself when inside the contact hours (or the hours do not apply), else the next window opening. */
  private static Instant inHours(Instant t, String ch, ZoneId zone, ContactPolicies.Policy policy) {
    if (!policy.hoursChannels().contains(ch)) {
      return t;
    }
    ZonedDateTime local = t.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (!time.isBefore(policy.contactFrom()) && time.isBefore(policy.contactUntil())) {
      return t;
    }
    ZonedDateTime opening = local.with(policy.contactFrom()).withNano(0);
    if (!time.isBefore(policy.contactUntil())) {
      opening = opening.plusDays(1);
    }
    return opening.toInstant();
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }
}
