package io.recoverly.cases;

import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
@Tag(name = "Cases", description = "Collection cases, their state and timeline")
class CaseController {

  private final Cases cases;

  CaseController(Cases cases) {
    this.cases = cases;
  }

  @GetMapping
  @Operation(summary = "List and find cases, oldest first, filtered by stage, status, DPD bucket, jurisdiction,"
      + " product and a search text (q: account reference, debtor name, e-mail, phone's last digits)")
  PageView<CaseView> list(
      @Parameter(description = "INTAKE, CONTACT, NEGOTIATION, MONITORING, DISPUTE, LEGAL, CLOSED")
          @RequestParam(required = false)
          String stage,
      @Parameter(description = "OPEN or CLOSED") @RequestParam(required = false) String status,
      @Parameter(description = "0, 1-30, 31-60, 61-90 or 90+") @RequestParam(required = false) String dpdBucket,
      @Parameter(description = "US or IN") @RequestParam(required = false) String jurisdiction,
      @RequestParam(required = false) String product,
      @Parameter(description = "The lender the account belongs to (its name as imported)")
          @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 100) String creditor,
      @Parameter(description = "A fragment of the account reference or the debtor's name (anywhere,"
          + " case-insensitive), a whole e-mail address, or the phone's last 4 digits or whole national number;"
          + " at least 2 characters")
          @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 100) String q,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    CaseQuery query =
        new CaseQuery(
            stage == null
                ? null
                : CaseStage.parse(stage).orElseThrow(() -> badFilter("stage", stage, List.of(CaseStage.values()))),
            status == null ? null : parseStatus(status),
            dpdBucket == null
                ? null
                : DpdBucket.parse(dpdBucket)
                    .orElseThrow(
                        () ->
                            badFilter(
                                "dpdBucket",
                                dpdBucket,
                                java.util.Arrays.stream(DpdBucket.values()).map(DpdBucket::label).toList())),
            jurisdiction == null ? null : jurisdiction.trim().toUpperCase(Locale.ROOT),
            product == null ? null : product.trim().toUpperCase(Locale.ROOT),
            text(q),
            creditor == null || creditor.isBlank() ? null : creditor.strip());
    return cases.search(query, page, size);
  }

  private static String text(String q) {
    if (q == null || q.isEmpty()) {
      return null;
    }
    if (q.strip().length() < 2) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Search too short",
          "q must be at least 2 characters").field("q").exception();
    }
    return q.strip();
  }

  @GetMapping("/creditors")
  @Operation(summary = "The lenders whose accounts we hold (what the creditor filters can take)")
  List<String> creditors() {
    return cases.creditors();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One case")
  CaseView get(@PathVariable UUID id) {
    return cases.get(id);
  }

  @GetMapping("/{id}/timeline")
  @Operation(summary = "Every event of the case, oldest first")
  List<CaseEvent> timeline(@PathVariable UUID id) {
    return cases.timeline(id);
  }

  private static CaseStatus parseStatus(String status) {
    try {
      return CaseStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw badFilter("status", status, List.of(CaseStatus.values()));
    }
  }

  private static ErrorResponseException badFilter(String field, String value, List<?> allowed) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid filter", field + " '" + value + "' is not one of " + allowed)
        .field(field).exception();
  }
}
