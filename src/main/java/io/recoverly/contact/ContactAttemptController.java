package io.recoverly.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Cases")
class ContactAttemptController {

  private final ContactAttempts attempts;

  ContactAttemptController(ContactAttempts attempts) {
    this.attempts = attempts;
  }

  @GetMapping("/api/cases/{id}/contacts")
  @Operation(summary = "Every outbound contact attempt of the case, oldest first, with the contact guard's decision")
  List<ContactAttempts.Attempt> contacts(@PathVariable UUID id) {
    return attempts.of(id);
  }
}
