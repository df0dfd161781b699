package io.recoverly.plans;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments")
@Tag(name = "Payments", description = "Payments received from debtors")
class PaymentController {

  private final PaymentService payments;

  PaymentController(PaymentService payments) {
    this.payments = payments;
  }

  @PostMapping
  @Operation(summary = "Record a payment (idempotent on externalId): 201 when new, 200 with duplicate=true when known")
  ResponseEntity<PaymentService.PaymentReceipt> record(@RequestBody PaymentService.PaymentRequest request) {
    PaymentService.PaymentReceipt receipt = payments.record(request);
    return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
  }
}
