package io.recoverly.contact;

import java.util.UUID;

/**
 * One message to a debtor.
 *
 * @param dedupKey identical for a redelivered job: an adapter sends a message with a known key at most once
 * @param sendAfter not before this time (the contact guard rescheduled it into the debtor's contact hours); null: now
 * @param subject an e-mail's subject, a letter's envelope text (null: none)
 */
public record OutboundMessage(
    UUID caseId, Channel channel, String template, String recipient, String body, String dedupKey,
    java.time.Instant sendAfter, String subject, Attachment document) {

  public OutboundMessage(UUID caseId, Channel channel, String template, String recipient, String body, String dedupKey,
      java.time.Instant sendAfter) {
    this(caseId, channel, template, recipient, body, dedupKey, sendAfter, null, null);
  }

  public OutboundMessage(UUID caseId, Channel channel, String template, String recipient, String body, String dedupKey,
      java.time.Instant sendAfter, String subject) {
    this(caseId, channel, template, recipient, body, dedupKey, sendAfter, subject, null);
  }

  /**
   * The PDF a letter is (what the letter house prints), or the one an e-mail carries (the validation notice), as kept
   * with the case ({@code documentId}).
   */
  public record Attachment(UUID documentId, String fileName, byte[] pdf, String recipientName) {}

  /**
   * What a letter house is told with a letter's PDF: the outbox's key (its reference), the case, the document, the
   * recipient's name and address, the envelope.
   */
  java.util.Map<String, Object> letterManifest(String key) {
    if (document == null) {
      throw new IllegalStateException("a letter without its document");
    }
    java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>();
    meta.put("reference", key);
    meta.put("caseId", caseId.toString());
    meta.put("documentId", document.documentId().toString());
    meta.put("template", template);
    meta.put("recipientName", document.recipientName());
    meta.put("recipientAddress", recipient);
    meta.put("envelope", subject);
    return meta;
  }

  /** The recipient as logs may show it. */
  String maskedRecipient() {
    return switch (channel) {
      case EMAIL -> io.recoverly.cases.PiiMask.email(recipient);
      case SMS, CALL -> io.recoverly.cases.PiiMask.phone(recipient);
      case LETTER -> io.recoverly.cases.PiiMask.address(recipient);
    };
  }
}
