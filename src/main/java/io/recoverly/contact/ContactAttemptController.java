package io.recoverly.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.recoverly.cases.Cases;
import io.recoverly.compliance.ContactGuard;
import io.recoverly.web.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Cases")
class ContactAttemptController {

  private final ContactAttempts attempts;
  private final Cases cases;

  ContactAttemptController(ContactAttempts attempts, Cases cases) {
    this.attempts = attempts;
    this.cases = cases;
  }

  @GetMapping("/api/cases/{id}/contacts")
  @Operation(summary = "Every outbound contact attempt of the case, oldest first, with the contact guard's decision")
  List<ContactAttempts.Attempt> contacts(@PathVariable UUID id) {
    return attempts.of(id);
  }

  @GetMapping("/api/cases/{id}/contact-check")
  @Operation(summary = "Ask the contact guard: may the debtor be contacted on this channel (CALL, SMS, EMAIL, LETTER,"
      + " VISIT) now? The rule that decides and, when a time rule blocks, the next allowed time")
  ContactGuard.Decision check(@PathVariable UUID id, @RequestParam(defaultValue = "CALL") String channel) {
    cases.get(id);
    if (!channel.matches("(?i)CALL|SMS|EMAIL|LETTER|VISIT")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid channel", "channel must be CALL, SMS, EMAIL, LETTER or VISIT")
          .field("channel").exception();
    }
    return attempts.check(id, channel.toUpperCase(java.util.Locale.ROOT));
  }
}
