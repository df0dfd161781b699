package io.recoverly.contact;

import io.recoverly.cases.Cases;
import io.recoverly.compliance.MessageTemplates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The voicemail an agent may leave: the limited-content message of 12 CFR 1006.2(j) compliance approved for the
 * debtor's jurisdiction and language (template {@code voicemail}), shown beside the call script, and named in the call's
 * record when its outcome is {@code LEFT_VOICEMAIL}: what was left is that text, that version.
 */
@Service
class Voicemails {

  private final Cases cases;
  private final MessageTemplates templates;

  Voicemails(Cases cases, MessageTemplates templates) {
    this.cases = cases;
    this.templates = templates;
  }

  /** The voicemail for a case, or null when compliance has none for its jurisdiction. */
  record Voicemail(String text, String language, int version) {}

  Voicemail of(UUID caseId) {
    cases.get(caseId);
    var to = cases.contactPoints(caseId).orElseThrow();
    return templates.render("voicemail", "VOICEMAIL", to.jurisdiction(), to.language(),
            new MessageTemplates.Values(caseId, to.name(), to.creditor(), to.accountRef(), to.balance(),
                to.currency(), null, null))
        .map(r -> new Voicemail(r.body(), r.language(), r.version())).orElse(null);
  }

  /** What the call's record says was left. */
  String record(UUID caseId) {
    Voicemail v = of(caseId);
    return v == null ? "Left a voicemail (no approved voicemail text for the jurisdiction)"
        : "Left the approved voicemail (voicemail v" + v.version() + ", " + v.language() + "): \"" + v.text() + "\"";
  }

  @RestController
  @Tag(name = "Contact")
  static class VoicemailController {

    private final Voicemails voicemails;

    VoicemailController(Voicemails voicemails) {
      this.voicemails = voicemails;
    }

    @GetMapping("/api/cases/{id}/voicemail")
    @Operation(summary = "The only text an agent may leave on the debtor's voicemail (12 CFR 1006.2(j))")
    Voicemail voicemail(@PathVariable UUID id) {
      Voicemail v = voicemails.of(id);
      if (v == null) {
        throw io.recoverly.web.Problems.of(HttpStatus.NOT_FOUND, "No voicemail text", "compliance has approved no"
            + " voicemail for this jurisdiction: leave none").exception();
      }
      return v;
    }
  }
}
