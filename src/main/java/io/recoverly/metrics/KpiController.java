package io.recoverly.metrics;

import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Metrics", description = "Collection KPIs from recorded facts")
class KpiController {

  private final Kpis kpis;
  private final Reports reports;
  private final io.recoverly.security.CurrentActor current;

  private final io.recoverly.security.AppUsers users;

  private final java.time.Clock clock;

  KpiController(Kpis kpis, Reports reports, io.recoverly.security.CurrentActor current,
      io.recoverly.security.AppUsers users, java.time.Clock clock) {
    this.clock = clock;
    this.users = users;
    this.kpis = kpis;
    this.reports = reports;
    this.current = current;
  }

  /**
   * @param collected the amount to collect per currency, {@code {"USD": 25000, "INR": 2000000}}; a single amount with
   *     {@code currency} is read as one currency
   */
  record TargetRequest(Integer tasks, Integer contacts, Integer promises,
      com.fasterxml.jackson.databind.JsonNode collected, String currency) {}

  @org.springframework.web.bind.annotation.PutMapping("/api/metrics/targets/{agent}/{period}")
  @Operation(summary = "Managers: what a person should achieve per DAILY, WEEKLY or MONTHLY period")
  Reports.Target setTarget(@org.springframework.web.bind.annotation.PathVariable String agent,
      @org.springframework.web.bind.annotation.PathVariable String period,
      @org.springframework.web.bind.annotation.RequestBody TargetRequest r) {
    var person = users.find(agent).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "Unknown person", "no user "
        + io.recoverly.web.InputHygiene.printable(agent) + ": targets are set for people who sign in").field("agent")
        .exception());
    if (person.groups().isEmpty()) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target", agent + " works no task queue: targets measure"
          + " the work of people who take tasks").field("agent").exception();
    }
    if (r.tasks() == null || r.contacts() == null || r.promises() == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid target", "tasks, contacts and promises are required")
          .exception();
    }
    return reports.setTarget(agent, period, r.tasks(), r.contacts(), r.promises(), amounts(r),
        current.get().username());
  }

  @GetMapping("/api/metrics/targets")
  @Operation(summary = "Every target")
  java.util.List<Reports.Target> targets() {
    return reports.targets();
  }

  @GetMapping("/api/metrics/reports/{kind}")
  @Operation(summary = "The daily report of a date, the weekly report of its ISO week or the monthly report of its month:"
      + " per person and per team, work done and amount collected against target; format=csv for a download")
  org.springframework.http.ResponseEntity<?> report(@org.springframework.web.bind.annotation.PathVariable String kind,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
      @RequestParam(required = false) String product, @RequestParam(required = false) String jurisdiction,
      @RequestParam(required = false) String team, @RequestParam(required = false) String agent,
      @io.swagger.v3.oas.annotations.Parameter(description = "Only the work on cases of this lender's accounts")
      @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 100) String creditor,
      @RequestParam(defaultValue = "json") String format) {
    Reports.Report report = reports.report(kind, date, product, upper(jurisdiction), name(team, "team"),
        name(agent, "agent"), creditor == null || creditor.isBlank() ? null : creditor.strip());
    if (format.equalsIgnoreCase("csv")) {
      return org.springframework.http.ResponseEntity.ok()
          .contentType(new org.springframework.http.MediaType("text", "csv"))
          .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + report.kind()
              + "-report-" + report.from() + ".csv\"")
          .body(Reports.csv(report));
    }
    if (!format.equalsIgnoreCase("json")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid format", "json or csv").field("format").exception();
    }
    return org.springframework.http.ResponseEntity.ok(report);
  }

  @GetMapping("/api/metrics/filters")
  @Operation(summary = "Managers, supervisors: the values the KPI filters can take (products, jurisdictions,"
      + " strategies, case-process versions, teams, people, creditors), as they occur in the data")
  Kpis.FilterValues filters() {
    return kpis.filterValues();
  }

  @GetMapping("/api/metrics/kpis")
  @Operation(summary = "Managers, supervisors: the KPIs for [from, to) (ISO dates, engine time, UTC; default: this"
      + " month), optionally for one"
      + " product, jurisdiction, strategy, case-process version, creditor, team (queue) or person: cases by stage, DPD aging,"
      + " recovery rate per currency, cure rate, roll rates, promises (PTP rate, kept rate), contacts"
      + " (right-party-contact rate, by channel, blocked by rule), task SLA breaches, incidents, per-agent work and"
      + " amount collected, time in stage, bottlenecks, trend")
  Kpis.Report kpis(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) String product, @RequestParam(required = false) String jurisdiction,
      @RequestParam(required = false) String strategy, @RequestParam(required = false) Integer modelVersion,
      @RequestParam(required = false) String team, @RequestParam(required = false) String agent,
      @io.swagger.v3.oas.annotations.Parameter(description = "The lender the cases' accounts belong to")
      @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 100) String creditor) {
    // without a period: this month so far and to its end (engine time, UTC); with only one end, a month from it
    LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    if (from == null && to == null) {
      from = today.withDayOfMonth(1);
      to = from.plusMonths(1);
    } else if (from == null) {
      from = to.minusMonths(1);
    } else if (to == null) {
      to = from.plusMonths(1);
    }
    if (!from.isBefore(to) || from.plusYears(5).isBefore(to)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", "from must be before to, at most 5 years apart")
          .field("from").exception();
    }
    if (modelVersion != null && modelVersion < 1) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid filter", "modelVersion is a version number from 1")
          .field("modelVersion").exception();
    }
    return kpis.compute(new Kpis.Query(from, to, product, upper(jurisdiction), strategy, modelVersion,
        name(team, "team"), name(agent, "agent"), creditor == null || creditor.isBlank() ? null : creditor.strip()));
  }

  private static java.util.Map<String, java.math.BigDecimal> amounts(TargetRequest r) {
    var node = r.collected();
    java.util.Map<String, java.math.BigDecimal> amounts = new java.util.TreeMap<>();
    if (node == null || node.isNull()) {
      if (r.currency() != null) {
        throw invalidCollected();
      }
      return amounts;
    }
    if (node.isNumber() && r.currency() != null) {
      amounts.put(r.currency(), node.decimalValue());
      return amounts;
    }
    if (!node.isObject() || r.currency() != null) {
      throw invalidCollected();
    }
    for (var field : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) node::fields) {
      if (!field.getValue().isNumber()) {
        throw invalidCollected();
      }
      amounts.put(field.getKey(), field.getValue().decimalValue());
    }
    return amounts;
  }

  private static org.springframework.web.ErrorResponseException invalidCollected() {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid target", "collected is an amount per currency, such as"
        + " {\"USD\": 25000, \"INR\": 2000000}, or one amount with its currency").field("collected").exception();
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
  }

  /** A team (queue) or user name filter: lower-case letters, digits, dots, dashes and underscores. */
  private static String name(String value, String field) {
    if (value != null && !value.matches(Reports.USER_NAME)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid filter", field + " is a queue or user name such as agents")
          .field(field).exception();
    }
    return value;
  }
}
