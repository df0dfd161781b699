package io.recoverly.disputes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Disputes", description = "Disputes pause all contact with the debtor until reviewed")
class DisputeController {

  private final Disputes disputes;

  DisputeController(Disputes disputes) {
    this.disputes = disputes;
  }

  record DisputeRequest(String reason, String details) {}

  @PostMapping("/api/cases/{id}/disputes")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Raise a dispute: reason NOT_MY_DEBT, ALREADY_PAID, WRONG_AMOUNT, IDENTITY_THEFT, BANKRUPTCY or OTHER; 409 when one is open")
  Disputes.DisputeView raise(@PathVariable UUID id, @RequestBody DisputeRequest request) {
    return disputes.raise(id, request.reason(), request.details());
  }
}
