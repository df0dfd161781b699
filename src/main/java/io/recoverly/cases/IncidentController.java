package io.recoverly.cases;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/incidents")
@Tag(name = "Incidents", description = "Steps the engine cannot continue (both modes), and their retry by supervisors")
class IncidentController {

  private final CaseIncidents incidents;
  private final CurrentActor current;

  IncidentController(CaseIncidents incidents, CurrentActor current) {
    this.incidents = incidents;
    this.current = current;
  }

  @GetMapping
  @Operation(summary = "Incidents, newest first: the open ones (default) or all")
  List<CaseIncidents.Incident> list(
      @Parameter(description = "OPEN (default) or ALL") @RequestParam(defaultValue = "OPEN") String state,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
    if (!state.equals("OPEN") && !state.equals("ALL")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid filter", "state '" + state + "' is not one of OPEN, ALL")
          .field("state").exception();
    }
    return incidents.list(state.equals("OPEN"), limit);
  }

  @PostMapping("/{id}/retry")
  @Operation(summary = "Retry an open incident: its job gets retries again and the incident is resolved (audited)")
  CaseIncidents.RetryOutcome retry(@PathVariable UUID id) {
    try {
      return incidents.retry(id, current.get().username());
    } catch (CaseIncidents.IncidentNotFound e) {
      throw Problems.of(HttpStatus.NOT_FOUND, "No such incident", "there is no incident " + id).exception();
    } catch (CaseIncidents.IncidentNotOpen e) {
      throw Problems.of(HttpStatus.CONFLICT, "Incident not open",
          "incident " + id + " is resolved already, or belongs to an engine run that is gone").exception();
    } catch (io.recoverly.engine.EngineJobs.EngineUnavailable e) {
      throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Engine unavailable",
          "the engine did not take the retry; nothing was changed: try again").exception();
    }
  }
}
