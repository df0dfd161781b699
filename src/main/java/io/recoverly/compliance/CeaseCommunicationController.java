package io.recoverly.compliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Compliance", description = "Requests every outbound contact must honour")
class CeaseCommunicationController {

  private final CeaseCommunication cease;

  CeaseCommunicationController(CeaseCommunication cease) {
    this.cease = cease;
  }

  record CeaseRequest(String reason) {}

  @PostMapping("/api/cases/{id}/cease-communication")
  @Operation(summary = "Record a cease-communication request: all outbound contact stops for good; a supervisor reviews the case. 201 when new, 200 when already recorded")
  ResponseEntity<Map<String, Object>> cease(@PathVariable UUID id, @RequestBody(required = false) CeaseRequest request) {
    boolean recorded = cease.request(id, request == null ? null : request.reason());
    return ResponseEntity.status(recorded ? HttpStatus.CREATED : HttpStatus.OK)
        .body(Map.of("caseId", id, "contactCeased", true, "newlyRecorded", recorded));
  }
}
