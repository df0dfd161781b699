package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.compliance.ViolationRules.CaseFacts;
import io.recoverly.compliance.ViolationRules.Contact;
import io.recoverly.compliance.ViolationRules.PolicyAt;
import io.recoverly.compliance.ViolationRules.Span;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The independent audit's rules, one test per rule (each would pass with the rule taken out of the audit). */
class ViolationRulesTest {

  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final UUID CASE = UUID.fromString("00000000-0000-0000-0000-000000000022");
  static final PolicyAt US = new PolicyAt(LocalTime.of(8, 0), LocalTime.of(21, 0), Set.of("CALL", "SMS", "EMAIL"), 7,
      7, 7, true);
  /** Monday 7 December 2026, 10:00 in Chicago. */
  static final Instant MONDAY_10 = ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, CHICAGO).toInstant();
  static final Instant NOTICE = MONDAY_10.minusSeconds(86_400 * 10);

  private int ids;

  private Contact call(Instant at, String outcome) {
    return new Contact("A" + (++ids), CASE, "CALL", at, "call or visit", null, outcome);
  }

  private Contact sms(Instant at, String to) {
    return new Contact("M" + (++ids), CASE, "SMS", at, "payment-reminder", to, null);
  }

  private static CaseFacts facts(Instant ceased, Instant closed, Instant notice, List<Span> disputes,
      Map<String, List<Span>> optOuts, Map<String, List<Span>> stops) {
    return new CaseFacts("US", CHICAGO, ceased, closed, notice, disputes, optOuts, stops);
  }

  private static final CaseFacts CLEAN = facts(null, null, NOTICE, List.of(), Map.of(), Map.of());

  private static List<String> rules(List<Contact> contacts, CaseFacts facts) {
    return ViolationRules.check(new ArrayList<>(contacts), Map.of(CASE, facts), (j, t) -> US, NOTICE).stream()
        .map(ViolationRules.Violation::rule).toList();
  }

  @Test
  void aCompliantContactIsNoViolation() {
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER"), sms(MONDAY_10.plusSeconds(60), "+14155550123")), CLEAN))
        .isEmpty();
  }

  @Test
  void contactHours() {
    assertThat(rules(List.of(sms(MONDAY_10.plusSeconds(11 * 3600 + 1), "+14155550123")), CLEAN))
        .containsExactly("CONTACT_HOURS"); // 21:00:01
    assertThat(rules(List.of(sms(MONDAY_10.minusSeconds(2 * 3600 + 1), "+14155550123")), CLEAN))
        .containsExactly("CONTACT_HOURS"); // 07:59:59
    // a letter is not under the hours
    assertThat(rules(List.of(new Contact("M1", CASE, "LETTER", MONDAY_10.plusSeconds(12 * 3600), "payment-reminder",
        "1 Main St", null)), CLEAN)).isEmpty();
  }

  @Test
  void callCap() {
    List<Contact> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(call(MONDAY_10.plusSeconds(i * 600L), "NO_ANSWER"));
    }
    assertThat(rules(calls, CLEAN)).containsExactly("CALL_CAP"); // the 8th in 7 days
    assertThat(rules(calls.subList(0, 7), CLEAN)).isEmpty();
  }

  @Test
  void conversationCooldown() {
    assertThat(rules(List.of(call(MONDAY_10, "RIGHT_PARTY_CONTACT"), call(MONDAY_10.plusSeconds(86_400 * 6),
        "NO_ANSWER")), CLEAN)).containsExactly("CONVERSATION_COOLDOWN");
    assertThat(rules(List.of(call(MONDAY_10, "RIGHT_PARTY_CONTACT"), call(MONDAY_10.plusSeconds(86_400 * 7),
        "NO_ANSWER")), CLEAN)).isEmpty();
  }

  @Test
  void ceaseCommunication() {
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER")), facts(MONDAY_10.minusSeconds(1), null, NOTICE, List.of(),
        Map.of(), Map.of()))).containsExactly("CEASE_COMMUNICATION");
  }

  @Test
  void disputeOpen() {
    CaseFacts disputed = facts(null, null, NOTICE, List.of(new Span(MONDAY_10.minusSeconds(60), null)), Map.of(),
        Map.of());
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER")), disputed)).containsExactly("DISPUTE_OPEN");
    CaseFacts resolved = facts(null, null, NOTICE, List.of(new Span(MONDAY_10.minusSeconds(60),
        MONDAY_10.minusSeconds(30))), Map.of(), Map.of());
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER")), resolved)).isEmpty();
    // the verification answering the dispute is not collection while it is still open
    assertThat(rules(List.of(new Contact("M7", CASE, "LETTER", MONDAY_10, "dispute-verification", "1 Main St", null)),
        disputed)).isEmpty();
  }

  @Test
  void optOut() {
    CaseFacts optedOut = facts(null, null, NOTICE, List.of(), Map.of("SMS", List.of(new Span(NOTICE, null))),
        Map.of());
    assertThat(rules(List.of(sms(MONDAY_10, "+14155550123")), optedOut)).containsExactly("OPT_OUT");
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER")), optedOut)).as("an SMS opt-out does not stop calls")
        .isEmpty();
  }

  @Test
  void addressStopped() {
    CaseFacts stopped = facts(null, null, NOTICE, List.of(), Map.of(),
        Map.of("SMS:+14155550123", List.of(new Span(NOTICE, null))));
    assertThat(rules(List.of(sms(MONDAY_10, "+14155550123")), stopped)).containsExactly("ADDRESS_STOPPED");
    assertThat(rules(List.of(sms(MONDAY_10, "+14155550199")), stopped)).as("another number").isEmpty();
  }

  @Test
  void validationNotice() {
    CaseFacts noNotice = facts(null, null, null, List.of(), Map.of(), Map.of());
    assertThat(rules(List.of(sms(MONDAY_10, "+14155550123")), noNotice)).containsExactly("VALIDATION_NOTICE");
    CaseFacts later = facts(null, null, MONDAY_10.plusSeconds(60), List.of(), Map.of(), Map.of());
    assertThat(rules(List.of(call(MONDAY_10, "NO_ANSWER")), later)).containsExactly("VALIDATION_NOTICE");
    // the notice itself is not a collection contact before the notice
    assertThat(rules(List.of(new Contact("M9", CASE, "LETTER", MONDAY_10, "validation-notice", "1 Main St", null)),
        noNotice)).isEmpty();
  }

  @Test
  void caseClosed() {
    assertThat(rules(List.of(sms(MONDAY_10, "+14155550123")), facts(null, MONDAY_10.minusSeconds(1), NOTICE,
        List.of(), Map.of(), Map.of()))).containsExactly("CASE_CLOSED");
  }

  @Test
  void theRulesInForceAtTheTimeFromThePolicyHistory() throws Exception {
    // the hours were 09:00-20:00 until a change widened them to 08:00-21:00 at noon on Monday
    PolicyAt narrow = ViolationAudit.policy(new ObjectMapper().readTree("""
        {"jurisdiction":"US","contactFrom":"09:00:00","contactUntil":[20,0],"hoursChannels":["CALL","SMS"],
         "maxCalls":7,"callWindowDays":7,"conversationCooldownDays":7,"validationPeriodDays":30}"""));
    Instant change = MONDAY_10.plusSeconds(2 * 3600);
    var history = ViolationRules.history(Map.of("US", US), List.of(new ViolationRules.PolicyChange("US", change,
        narrow)));
    assertThat(history.at("US", change.minusSeconds(1))).isEqualTo(narrow);
    assertThat(history.at("US", change)).isEqualTo(US);
    // 08:30 on Monday was outside the hours then, though inside today's
    Instant early = MONDAY_10.minusSeconds(5400);
    List<ViolationRules.Violation> found = ViolationRules.check(new ArrayList<>(List.of(sms(early, "+1415"))),
        Map.of(CASE, CLEAN), history, NOTICE);
    assertThat(found).singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("CONTACT_HOURS"));
    assertThat(ViolationRules.check(new ArrayList<>(List.of(sms(early.plusSeconds(86_400 * 2), "+1415"))),
        Map.of(CASE, CLEAN), history, NOTICE)).as("after the change, 08:30 is inside").isEmpty();
  }
}
