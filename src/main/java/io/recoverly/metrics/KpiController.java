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

  KpiController(Kpis kpis) {
    this.kpis = kpis;
  }

  @GetMapping("/api/metrics/kpis")
  @Operation(summary = "Managers, supervisors: the KPIs for [from, to) (ISO dates, engine time, UTC), optionally for one"
      + " product or jurisdiction: cases by stage, DPD aging, recovery rate per currency, promises (PTP rate, kept"
      + " rate), contacts (right-party-contact rate, by channel, blocked by rule), task SLA breaches, per-agent work")
  Kpis.Report kpis(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) String product, @RequestParam(required = false) String jurisdiction) {
    if (!from.isBefore(to) || from.plusYears(5).isBefore(to)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid period", "from must be before to, at most 5 years apart")
          .field("from").exception();
    }
    return kpis.compute(new Kpis.Query(from, to, product, jurisdiction == null ? null : jurisdiction.toUpperCase()));
  }
}
