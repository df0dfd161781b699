package io.recoverly.compliance;

import io.recoverly.cases.Cases;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/compliance/templates")
@Tag(name = "Message templates", description = "The words of every message to a debtor, per kind, channel,"
    + " jurisdiction and language; versioned, audited, checked for the required disclosures")
class TemplateController {

  private final MessageTemplates templates;
  private final Cases cases;

  TemplateController(MessageTemplates templates, Cases cases) {
    this.templates = templates;
    this.cases = cases;
  }

  @GetMapping
  @Operation(summary = "The current version of every template")
  List<MessageTemplates.Template> all() {
    return templates.current();
  }

  @GetMapping("/{key}/{channel}/{jurisdiction}/{language}")
  @Operation(summary = "Every version of one template, newest first")
  List<MessageTemplates.Template> versions(@PathVariable String key, @PathVariable String channel,
      @PathVariable String jurisdiction, @PathVariable String language) {
    List<MessageTemplates.Template> versions = templates.versions(key, channel.toUpperCase(java.util.Locale.ROOT),
        jurisdiction.toUpperCase(java.util.Locale.ROOT), language.toLowerCase(java.util.Locale.ROOT));
    if (versions.isEmpty()) {
      throw Problems.of(HttpStatus.NOT_FOUND, "Unknown template", "no template " + io.recoverly.web.InputHygiene
          .printable(key + " " + channel + " " + jurisdiction + " " + language)).exception();
    }
    return versions;
  }

  /** A template as sent: {@code subject} is an e-mail's subject or a letter's envelope. */
  record TemplateBody(String subject, String body, String changeNote) {}

  @PutMapping("/{key}/{channel}/{jurisdiction}/{language}")
  @Operation(summary = "Save a new version of a template (compliance): refused with every rule it breaks",
      description = "Placeholders: {debtorName} {creditor} {accountRef} {balance} {dueDate} {collector}"
          + " {collectorAddress} {collectorPhone} {optOut} {debtCollectorDisclosure} {validationEndDate}"
          + " {itemizationDate} {itemization} {disputeForm} {spanishOffer}. Every message but a voicemail names"
          + " {creditor}; US written messages carry {debtCollectorDisclosure}; SMS and e-mail carry {optOut}; a"
          + " letter's envelope (subject) is {collectorAddress} only; a voicemail is limited content; the US"
          + " validation notice goes by letter or e-mail with {itemizationDate} {itemization} {validationEndDate}"
          + " {disputeForm} (and {spanishOffer} in English)")
  MessageTemplates.Template save(@PathVariable String key, @PathVariable String channel,
      @PathVariable String jurisdiction, @PathVariable String language, @RequestBody TemplateBody body) {
    if (body == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid template", "send subject, body and changeNote").exception();
    }
    return templates.save(key, channel, jurisdiction, language, body.subject(), body.body(), body.changeNote());
  }

  @PostMapping("/{key}/{channel}/{jurisdiction}/{language}/preview")
  @Operation(summary = "A template's current version (or the text sent) rendered with a case's data")
  MessageTemplates.Rendered preview(@PathVariable String key, @PathVariable String channel,
      @PathVariable String jurisdiction, @PathVariable String language, @RequestParam UUID caseId,
      @RequestBody(required = false) TemplateBody draft) {
    var points = cases.contactPoints(caseId).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "Unknown case",
        "no case " + caseId).exception());
    MessageTemplates.Values values = new MessageTemplates.Values(caseId, points.name(), points.creditor(),
        points.accountRef(), points.balance(), points.currency(), null, null);
    String ch = channel.toUpperCase(java.util.Locale.ROOT);
    String jur = jurisdiction.toUpperCase(java.util.Locale.ROOT);
    String lang = language.toLowerCase(java.util.Locale.ROOT);
    if (draft != null && draft.body() != null) {
      MessageTemplates.requireText(draft.subject(), draft.body());
      MessageTemplates.requireRules(key, ch, jur, lang, draft.subject(), draft.body());
      return templates.render(new MessageTemplates.Template(key, ch, jur, lang, 0, draft.subject(), draft.body(),
          null, null, null), values);
    }
    return templates.render(key, ch, jur, lang, values).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND,
        "Unknown template", "no template " + io.recoverly.web.InputHygiene.printable(key + " " + ch + " " + jur))
        .exception());
  }
}
