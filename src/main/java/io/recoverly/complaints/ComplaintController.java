package io.recoverly.complaints;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.recoverly.security.CurrentActor;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Complaints", description = "A debtor's complaints and grievances")
class ComplaintController {

  private final Complaints complaints;
  private final CurrentActor current;
  private final Clock clock;

  ComplaintController(Complaints complaints, CurrentActor current, Clock clock) {
    this.complaints = complaints;
    this.current = current;
    this.clock = clock;
  }

  /**
   * @param category AGENT_CONDUCT, CONTACT_FREQUENCY, CONTACT_TIME, WRONG_AMOUNT, PRIVACY, FEES_CHARGES, HARASSMENT,
   *     OTHER
   * @param channel how the debtor complained: PHONE, EMAIL, LETTER, SMS, IN_PERSON, PORTAL
   */
  record ComplaintRequest(String category, String details, String channel) {}

  @PostMapping("/api/cases/{id}/complaints")
  @Operation(summary = "Record the debtor's complaint: a task for compliance due within the jurisdiction's time limit"
      + " (RBI 30 days, US 15), escalated to the grievance officer when it passes")
  ResponseEntity<Complaints.Complaint> raise(@PathVariable UUID id, @RequestBody ComplaintRequest request) {
    if (request == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid complaint", "send category, details and channel")
          .exception();
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(complaints.raise(id, request.category(), request.details(),
        request.channel(), current.get().username()));
  }

  @GetMapping("/api/cases/{id}/complaints")
  @Operation(summary = "The case's complaints, newest first")
  List<Complaints.Complaint> list(@PathVariable UUID id) {
    return complaints.of(id);
  }

  @GetMapping("/api/metrics/complaints")
  @Operation(summary = "Complaint KPIs of a period (ISO dates, at most 400 days): raised, per 1,000 accounts, by"
      + " category, resolved, escalated, overdue now, days to resolve")
  Map<String, Object> kpis(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    LocalDate end = to == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1) : date("to", to);
    LocalDate start = from == null ? end.minusDays(31) : date("from", from);
    if (!start.isBefore(end) || start.plusDays(400).isBefore(end)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", "from must lie before to, at most 400 days apart")
          .field("from").exception();
    }
    return complaints.kpis(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
        end.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static LocalDate date(String field, String text) {
    try {
      LocalDate d = LocalDate.parse(text);
      if (d.getYear() < 2000 || d.getYear() > 2200) {
        throw new java.time.format.DateTimeParseException("out of range", text, 0);
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", field + ": an ISO date such as 2026-12-01, 2000 to"
          + " 2200").field(field).exception();
    }
  }

  /**
   * Job types {@code escalate-complaint} (the time limit passed unresolved) and {@code record-complaint-resolution}.
   * Public for the Camunda client.
   */
  @Component
  public static class ComplaintWorkers {

    private final Complaints complaints;

    ComplaintWorkers(Complaints complaints) {
      this.complaints = complaints;
    }

    @JobWorker(type = "escalate-complaint", fetchVariables = {"complaintId"})
    public void escalate(@Variable String complaintId) {
      complaints.escalate(UUID.fromString(complaintId));
    }

    @JobWorker(type = "record-complaint-resolution", fetchVariables = {"complaintId", "complaintOutcome",
        "complaintResolution", io.recoverly.tasks.Tasks.COMPLETED_BY})
    public void resolve(@Variable String complaintId, @Variable String complaintOutcome,
        @Variable String complaintResolution,
        @Variable(name = io.recoverly.tasks.Tasks.COMPLETED_BY) String completedBy) {
      complaints.resolve(UUID.fromString(complaintId), complaintOutcome, complaintResolution, completedBy);
    }
  }
}
