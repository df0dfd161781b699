package io.recoverly.contact;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP ({@code recoverly.providers.email.kind=smtp}; the server is Spring Boot's {@code spring.mail.*}:
 * host, port, username, password, {@code properties.mail.smtp.starttls.enable}). The credentials come from
 * configuration only and are never logged. Each message carries a {@code Message-ID} made of the outbox's idempotency
 * key (a message handed over twice after a crash is one message to a receiver that deduplicates) and a
 * {@code List-Unsubscribe} header (RFC 2369 and 8058) beside the unsubscribe link in the text: the opt-out of 12 CFR
 * 1006.6(e) in the mail client's own button too.
 */
@Component
@ConditionalOnProperty(name = "recoverly.providers.email.kind", havingValue = "smtp")
class SmtpEmailProvider implements ChannelProvider {

  private final JavaMailSender mail;
  private final String from;
  private final io.recoverly.compliance.UnsubscribeLinks unsubscribe;

  SmtpEmailProvider(JavaMailSender mail, @Value("${recoverly.providers.email.from}") String from,
      io.recoverly.compliance.UnsubscribeLinks unsubscribe) {
    this.mail = mail;
    this.from = from;
    this.unsubscribe = unsubscribe;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public void deliver(String idempotencyKey, OutboundMessage message) {
    try {
      MimeMessage mime = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(mime, message.document() != null,
          StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(message.recipient());
      helper.setSubject(message.subject() == null ? "A message about your account" : message.subject());
      helper.setText(message.body(), false);
      if (message.document() != null) {
        // the validation notice as the PDF kept with the case (12 CFR 1006.42: the notice in a form it can be kept in)
        helper.addAttachment(message.document().fileName(),
            new org.springframework.core.io.ByteArrayResource(message.document().pdf()), "application/pdf");
      }
      mime.setHeader("List-Unsubscribe", "<" + unsubscribe.link(message.caseId()) + ">");
      mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      mime.saveChanges();
      // after saveChanges, which would replace it with a random one
      mime.setHeader("Message-ID", "<" + idempotencyKey + "@recoverly>");
      mail.send(mime);
    } catch (MessagingException | MailException e) {
      // a failed delivery: the relay retries it with backoff (the message says why, never the credentials)
      throw new IllegalStateException("SMTP delivery failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
