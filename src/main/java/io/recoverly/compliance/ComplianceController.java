package io.recoverly.compliance;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Compliance", description = "Contact rules, opt-outs, the audit trail")
class ComplianceController {

  private final ContactPolicies policies;
  private final OptOuts optOuts;
  private final AuditTrail audit;
  private final CurrentActor current;
  private final io.recoverly.cases.Cases cases;
  private final ContactStops stops;
  private final Itemizations itemizations;
  private final ViolationAudit violations;
  private final java.time.Clock clock;
  private final Limitations limitations;

  ComplianceController(ContactPolicies policies, OptOuts optOuts, AuditTrail audit, CurrentActor current,
      io.recoverly.cases.Cases cases, ContactStops stops, Itemizations itemizations, ViolationAudit violations,
      java.time.Clock clock, Limitations limitations) {
    this.limitations = limitations;
    this.violations = violations;
    this.clock = clock;
    this.cases = cases;
    this.stops = stops;
    this.itemizations = itemizations;
    this.policies = policies;
    this.optOuts = optOuts;
    this.audit = audit;
    this.current = current;
  }

  record PolicyRequest(String name, LocalTime contactFrom, LocalTime contactUntil, List<String> hoursChannels,
      Integer maxCalls, Integer callWindowDays, Integer conversationCooldownDays, Integer validationPeriodDays,
      Boolean agentIdentityRequired) {}

  record OptOutRequest(String channel) {}

  /**
   * @param medium CALL, SMS, EMAIL or VISIT
   * @param address the number or address on file (left out: that one); for a visit, WORK for the workplace
   */
  record StopRequest(String medium, String address, String note) {}

  /** A JSON object only: a bare string is not a request (a one-field record would take one as its field). */
  record LimitationRequest(com.fasterxml.jackson.databind.JsonNode years, String disclosure, String source) {}

  @GetMapping("/api/compliance/limitations")
  @Operation(summary = "The statute of limitations per US state and kind of debt (12 CFR 1006.26), with its source")
  List<Limitations.Period> limitations() {
    return limitations.all();
  }

  @PutMapping("/api/compliance/limitations/{state}/{debtType}")
  @Operation(summary = "Compliance sets a state's limitation period (debtType WRITTEN, OPEN_ACCOUNT or ANY), its source"
      + " and the disclosure the state requires on a time-barred debt; audited")
  Limitations.Period saveLimitation(@PathVariable String state, @PathVariable String debtType,
      @RequestBody LimitationRequest request) {
    if (request == null) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid limitation period", "send years, source"
          + " and disclosure").exception();
    }
    // a JSON whole number, not "5"
    Integer years = request.years() != null && request.years().isIntegralNumber() && request.years().canConvertToInt()
        ? request.years().intValue() : null;
    return limitations.save(state, debtType, years, request.disclosure(), request.source());
  }

  @GetMapping("/api/cases/{id}/limitation")
  @Operation(summary = "Whether the case's debt is time-barred: the state, the period, from when it runs, when it"
      + " expires, the disclosure its letters carry")
  Limitations.Status limitation(@PathVariable UUID id) {
    cases.get(id);
    return limitations.of(id);
  }

  @GetMapping("/api/compliance/violations")
  @Operation(summary = "The independent audit: every contact of the period re-checked against the rules in force at"
      + " its time, by the audit's own code (not the guard's); from/to: ISO dates or instants (to exclusive), at most"
      + " 400 days")
  ViolationAudit.Report violations(@RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(defaultValue = "200") String limit) {
    java.time.Instant end = to == null ? clock.instant() : instant("to", to);
    java.time.Instant start = from == null ? end.minus(java.time.Duration.ofDays(30)) : instant("from", from);
    if (!start.isBefore(end) || java.time.Duration.between(start, end).toDays() > 400) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", "from must lie before to, at most"
          + " 400 days apart").field("from").exception();
    }
    int max;
    try {
      max = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 0 || max > 5000) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid limit", "limit: 0 to 5,000 violations listed")
          .field("limit").exception();
    }
    return violations.audit(start, end, max);
  }

  /**
   * An ISO instant, or a date (its start in UTC); {@code to} is exclusive, as for the KPIs and the complaint KPIs.
   * Between 2000 and 2200 either way.
   */
  private static java.time.Instant instant(String field, String text) {
    try {
      java.time.Instant at = text.length() <= 10
          ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : java.time.Instant.parse(text);
      if (at.isBefore(java.time.Instant.parse("2000-01-01T00:00:00Z"))
          || at.isAfter(java.time.Instant.parse("2200-01-01T00:00:00Z"))) {
        throw new java.time.format.DateTimeParseException("out of range", text, 0);
      }
      return at;
    } catch (java.time.format.DateTimeParseException e) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", field + ": an ISO date"
          + " (2026-12-01) or instant (2026-12-01T08:00:00Z) between 2000 and 2200").field(field).exception();
    }
  }

  record CreditorRequest(String itemizationBasis) {
    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES)
    CreditorRequest {}
  }

  /**
   * @param givenByDebtor whether the debtor gave us the address on file themselves
   * @param source how and when (a call, a letter, the portal): kept on the timeline and in the audit trail
   */
  record EmailPermission(com.fasterxml.jackson.databind.JsonNode givenByDebtor, String source) {}

  @PutMapping("/api/cases/{id}/email-permission")
  @Operation(summary = "Record that the debtor gave us the e-mail address on file (a workplace address is written to"
      + " only then: 12 CFR 1006.22(f)(3))")
  Map<String, Object> emailPermission(@PathVariable UUID id, @RequestBody EmailPermission request) {
    cases.get(id);
    // a JSON true or false, not "true" or 1
    if (request == null || request.givenByDebtor() == null || !request.givenByDebtor().isBoolean()) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid permission", "givenByDebtor: true or false")
          .field("givenByDebtor").exception();
    }
    boolean given = request.givenByDebtor().booleanValue();
    String source = request.source() == null ? "" : request.source().strip();
    if (source.isEmpty() || source.length() > 500 || io.recoverly.web.InputHygiene.lineProblem(source).isPresent()) {
      throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid permission", "source: how and when the"
          + " debtor gave the address, 1-500 printable characters on one line").field("source").exception();
    }
    if (!cases.emailGivenByDebtor(id, given, source)) {
      throw io.recoverly.web.Problems.of(HttpStatus.CONFLICT, "No e-mail address", "the debtor has no e-mail address"
          + " on file").exception();
    }
    audit.record("EMAIL_PERMISSION_RECORDED", id, null, "E-mail address " + (given ? "given" : "not given")
        + " by the debtor: " + io.recoverly.cases.PiiMask.scrubText(source), null, Map.of("givenByDebtor", given));
    return Map.of("caseId", id, "givenByDebtor", given);
  }

  @GetMapping("/api/compliance/creditors")
  @Operation(summary = "Every creditor with the itemization date its validation notices use (12 CFR 1006.34(b)(3))")
  List<Itemizations.CreditorProfile> creditors() {
    return itemizations.creditors(cases.creditors());
  }

  @PutMapping("/api/compliance/creditors/{creditor}")
  @Operation(summary = "Compliance chooses a creditor's itemization date: LAST_STATEMENT, CHARGE_OFF, LAST_PAYMENT,"
      + " TRANSACTION or JUDGMENT; notices already sent keep theirs")
  Itemizations.CreditorProfile chooseItemization(@PathVariable String creditor,
      @RequestBody CreditorRequest request) {
    // a creditor the accounts name, exactly: a name nobody holds would configure nothing (and keep a row forever)
    if (!cases.creditors().contains(creditor)) {
      throw io.recoverly.web.Problems.of(HttpStatus.NOT_FOUND, "Unknown creditor", "no account names the creditor '"
          + io.recoverly.web.InputHygiene.printable(creditor.length() > 120 ? creditor.substring(0, 120) + "…"
          : creditor) + "' (GET /api/compliance/creditors lists them)").exception();
    }
    return itemizations.choose(creditor, request == null ? null : request.itemizationBasis());
  }

  @GetMapping("/api/compliance/policies")
  @Operation(summary = "The contact rules of every jurisdiction")
  List<ContactPolicies.Policy> policies() {
    return policies.all();
  }

  @GetMapping("/api/compliance/policies/{jurisdiction}")
  @Operation(summary = "The contact rules of one jurisdiction")
  ContactPolicies.Policy policy(@PathVariable String jurisdiction) {
    return policies.of(jurisdiction).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "No contact policy",
        "no contact policy for " + jurisdiction).exception());
  }

  @GetMapping("/api/compliance/policies/{jurisdiction}/history")
  @Operation(summary = "The changes of a jurisdiction's contact rules, newest first: who, when, before and after")
  List<AuditTrail.AuditEvent> policyHistory(@PathVariable String jurisdiction) {
    if (!jurisdiction.matches("[A-Za-z]{2}")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid jurisdiction", "a two-letter code").field("jurisdiction")
          .exception();
    }
    String code = jurisdiction.toUpperCase(java.util.Locale.ROOT);
    List<AuditTrail.AuditEvent> changes = audit.changes("POLICY_CHANGED", "Contact policy " + code + " changed", 50);
    if (changes.isEmpty() && policies.of(code).isEmpty()) {
      throw Problems.of(HttpStatus.NOT_FOUND, "No contact policy", "no contact policy for " + code).exception();
    }
    return changes;
  }

  @PutMapping("/api/compliance/policies/{jurisdiction}")
  @Operation(summary = "Compliance: replace a jurisdiction's contact rules (hours, call cap, cool-down, validation"
      + " period, agent identity); audited")
  ContactPolicies.Policy savePolicy(@PathVariable String jurisdiction, @RequestBody PolicyRequest r) {
    return policies.save(new ContactPolicies.Policy(jurisdiction, r.name(), r.contactFrom(), r.contactUntil(),
        r.hoursChannels(), r.maxCalls(), r.callWindowDays(), r.conversationCooldownDays(), r.validationPeriodDays(),
        Boolean.TRUE.equals(r.agentIdentityRequired()), null, null), current.get().username());
  }

  @GetMapping("/api/cases/{id}/opt-outs")
  @Operation(summary = "The electronic channels the debtor opted out of")
  Set<String> optOuts(@PathVariable UUID id) {
    cases.get(id); // 404 for a case that does not exist, not an empty list
    return optOuts.of(id);
  }

  @PostMapping("/api/cases/{id}/opt-outs")
  @Operation(summary = "Record the debtor's opt-out of an electronic channel (SMS or EMAIL); 201 when new")
  ResponseEntity<Map<String, Object>> optOut(@PathVariable UUID id, @RequestBody OptOutRequest request) {
    boolean recorded = optOuts.optOut(id, request.channel(), current.get().username());
    return ResponseEntity.status(recorded ? HttpStatus.CREATED : HttpStatus.OK)
        .body(Map.of("caseId", id, "optedOut", optOuts.of(id)));
  }

  @DeleteMapping("/api/cases/{id}/opt-outs/{channel}")
  @Operation(summary = "The debtor opts back in to a channel")
  Map<String, Object> optIn(@PathVariable UUID id, @PathVariable String channel) {
    optOuts.optIn(id, channel);
    return Map.of("caseId", id, "optedOut", optOuts.of(id));
  }

  @GetMapping("/api/cases/{id}/contact-stops")
  @Operation(summary = "The debtor's stops per medium and address (12 CFR 1006.14(h), 1006.22(f)), masked")
  List<ContactStops.Stop> contactStops(@PathVariable UUID id) {
    return stops.of(id);
  }

  @PostMapping("/api/cases/{id}/contact-stops")
  @Operation(summary = "Record \"stop calling this number\", \"don't e-mail this address\", \"no visits at work\";"
      + " 201 when new")
  ResponseEntity<ContactStops.Stop> recordStop(@PathVariable UUID id, @RequestBody StopRequest request) {
    var recorded = stops.record(id, request.medium(), request.address(), request.note(), current.get().username());
    return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(recorded.stop());
  }

  @DeleteMapping("/api/cases/{id}/contact-stops/{stopId}")
  @Operation(summary = "The debtor may be contacted there again: the stop is lifted (kept with who lifted it)")
  ResponseEntity<Void> liftStop(@PathVariable UUID id, @PathVariable long stopId) {
    stops.lift(id, stopId, current.get().username());
    return ResponseEntity.noContent().build();
  }

  @GetMapping(path = "/api/cases/{id}/audit")
  @Operation(summary = "Compliance, supervisors: the case's audit trail, oldest first; format=csv for a download")
  ResponseEntity<?> audit(@PathVariable UUID id, @RequestParam(defaultValue = "json") String format) {
    cases.get(id); // 404 for a case that does not exist, not an empty trail
    List<AuditTrail.AuditEvent> events = audit.ofCase(id);
    if (format.equalsIgnoreCase("json")) {
      return ResponseEntity.ok(events);
    }
    if (!format.equalsIgnoreCase("csv")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid format", "format must be json or csv").field("format")
          .exception();
    }
    StringBuilder csv = new StringBuilder("id,occurredAt,actor,actorRole,action,caseId,taskId,summary,before,after\n");
    for (AuditTrail.AuditEvent e : events) {
      csv.append(e.id()).append(',').append(e.occurredAt()).append(',').append(cell(e.actor())).append(',')
          .append(e.actorRole()).append(',').append(e.action()).append(',').append(e.caseId()).append(',')
          .append(e.taskId() == null ? "" : e.taskId()).append(',').append(cell(e.summary())).append(',')
          .append(cell(e.before() == null ? "" : e.before().toString())).append(',')
          .append(cell(e.after() == null ? "" : e.after().toString())).append('\n');
    }
    return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + id + ".csv\"")
        .body(csv.toString());
  }

  /** A CSV cell, quoted; a leading formula character is neutralised (CSV injection in spreadsheets). */
  private static String cell(String value) {
    String v = value.matches("^[=+\\-@].*") ? "'" + value : value;
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
