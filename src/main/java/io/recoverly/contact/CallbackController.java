package io.recoverly.contact;

import io.recoverly.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Contacts", description = "Contact attempts, the contact guard's answer, callbacks")
class CallbackController {

  private final Callbacks callbacks;
  private final CurrentActor current;

  CallbackController(Callbacks callbacks, CurrentActor current) {
    this.callbacks = callbacks;
    this.current = current;
  }

  record CallbackRequest(Instant at, String note) {}

  @PostMapping("/api/cases/{id}/callbacks")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record the callback the debtor asked for: the case's call waits for that time (and still for"
      + " the contact rules); at: an ISO instant up to 30 days ahead (engine time)")
  Callbacks.Callback request(@PathVariable UUID id, @RequestBody CallbackRequest request) {
    return callbacks.request(id, request == null ? null : request.at(), request == null ? null : request.note(),
        current.get().username());
  }
}
