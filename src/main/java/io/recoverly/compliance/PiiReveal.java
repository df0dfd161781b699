package io.recoverly.compliance;

import io.recoverly.cases.Cases;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Personal data is masked everywhere; a person who needs the full phone number, e-mail or address (to dial, to visit)
 * reveals it with a reason, and the reveal is audited (who, when, which case, why).
 */
@RestController
@Tag(name = "Compliance")
class PiiReveal {

  private final Cases cases;
  private final AuditTrail audit;

  PiiReveal(Cases cases, AuditTrail audit) {
    this.cases = cases;
    this.audit = audit;
  }

  record RevealRequest(String reason) {}

  record Revealed(UUID caseId, String name, String phone, String email, String address) {}

  @PostMapping("/api/cases/{id}/reveal")
  @Operation(summary = "Agents, supervisors, compliance: the debtor's unmasked contact details; needs a reason, audited")
  @Transactional
  Revealed reveal(@PathVariable UUID id, @RequestBody(required = false) RevealRequest request) {
    String reason = request == null || request.reason() == null ? "" : request.reason().strip();
    // what a reader sees: zero-width and other invisible characters do not make a reason
    if (io.recoverly.web.InputHygiene.visibleLength(reason) < 5 || reason.length() > 300) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Reason required", "say why you need the debtor's details"
          + " (5 to 300 characters): the reveal is audited").field("reason").exception();
    }
    cases.get(id);
    var points = cases.contactPoints(id).orElseThrow();
    audit.record("PII_REVEALED", id, null, "Personal data revealed: " + reason, null, Map.of("reason", reason));
    return new Revealed(id, points.name(), points.phone(), points.email(), points.address());
  }
}
