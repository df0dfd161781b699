package io.recoverly.compliance;

import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an e-mail's unsubscribe link leads (the link in the text and the List-Unsubscribe header; a mail client's
 * one-click unsubscribe POSTs to it, RFC 8058): the e-mail opt-out is recorded at once. No sign-in: the link's token
 * ({@link UnsubscribeLinks}) is the authentication.
 */
@RestController
@Tag(name = "Unsubscribe", description = "The e-mail opt-out link (12 CFR 1006.6(e))")
class UnsubscribeController {

  private final UnsubscribeLinks links;
  private final OptOuts optOuts;

  UnsubscribeController(UnsubscribeLinks links, OptOuts optOuts) {
    this.links = links;
    this.optOuts = optOuts;
  }

  @GetMapping(path = "/api/unsubscribe", produces = MediaType.TEXT_PLAIN_VALUE)
  @Operation(summary = "The debtor follows the unsubscribe link of an e-mail: no more e-mails about this account")
  ResponseEntity<String> follow(@RequestParam("case") UUID caseId, @RequestParam String token) {
    return unsubscribe(caseId, token);
  }

  @PostMapping(path = "/api/unsubscribe", produces = MediaType.TEXT_PLAIN_VALUE)
  @Operation(summary = "A mail client's one-click unsubscribe (RFC 8058)")
  ResponseEntity<String> oneClick(@RequestParam("case") UUID caseId, @RequestParam String token) {
    return unsubscribe(caseId, token);
  }

  private ResponseEntity<String> unsubscribe(UUID caseId, String token) {
    if (!links.valid(caseId, token)) {
      throw Problems.of(HttpStatus.FORBIDDEN, "Not a valid unsubscribe link", "this link was not sent by us, or was"
          + " changed: use the link in the e-mail as it is").exception();
    }
    optOuts.optOut(caseId, "EMAIL", "debtor (unsubscribe link)");
    return ResponseEntity.ok("You will receive no more e-mails from us about this account.");
  }
}
