package io.recoverly.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.compliance.ValidationNotices;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the e-mail service says became of the messages it took ({@code recoverly.providers.email.webhook-secret} set):
 * {@code POST /api/providers/email/events}, a JSON array of events {@code {"messageId": "<recoverly-outbound-12@
 * recoverly>", "event": "delivered" | "bounced", "bounceType": "hard" | "soft", "detail": "..."}}, signed as the
 * common webhook services sign theirs: {@code X-Recoverly-Timestamp} (epoch seconds, within 5 minutes) and
 * {@code X-Recoverly-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; anything else is a 403 and
 * changes nothing (a replay after 5 minutes too).
 *
 * <ul>
 *   <li>delivered: the message and its contact attempt say DELIVERED;
 *   <li>a hard bounce: BOUNCED, and the debtor's address is marked so (if it is still the one written to): no e-mail
 *       goes to it again and the next reminder takes another channel; a validation notice it carried is not
 *       delivered, and goes by letter (12 CFR 1006.42);
 *   <li>a soft bounce (a full mailbox): FAILED, the address stays;
 *   <li>a reply ({@code "event": "replied"}, with the reply's own {@code replyId} and its {@code text}): STOP or
 *       unsubscribe is the e-mail opt-out at once; anything else opens a task for the agents to answer.
 * </ul>
 * The message is found by the {@code Message-ID} the SMTP provider gave it (the outbox's key).
 */
@RestController
@ConditionalOnProperty(name = "recoverly.providers.email.webhook-secret")
@Tag(name = "Provider callbacks")
class EmailEvents {

  private static final Logger log = LoggerFactory.getLogger(EmailEvents.class);
  private static final Pattern OUTBOX_KEY = Pattern.compile("<?recoverly-outbound-([0-9]{1,18})@recoverly>?");
  static final Duration TOLERANCE = Duration.ofMinutes(5);
  static final int MAX_BODY = 1 << 20;

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final ValidationNotices notices;
  private final ReminderService reminders;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final Clock clock;
  private final String secret;
  private final io.recoverly.compliance.OptOuts optOuts;
  private final io.recoverly.engine.EngineCommands commands;

  EmailEvents(JdbcClient jdbc, CaseTimeline timeline, ValidationNotices notices, ReminderService reminders,
      TransactionTemplate tx, ObjectMapper json, Clock clock, io.recoverly.compliance.OptOuts optOuts,
      io.recoverly.engine.EngineCommands commands,
      @Value("${recoverly.providers.email.webhook-secret}") String secret) {
    this.optOuts = optOuts;
    this.commands = commands;
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.notices = notices;
    this.reminders = reminders;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
    this.secret = secret;
  }

  @PostMapping(path = "/api/providers/email/events", consumes = "application/json")
  @Operation(summary = "The e-mail service's delivery and bounce events (signed with X-Recoverly-Signature)")
  ResponseEntity<Map<String, Object>> events(jakarta.servlet.http.HttpServletRequest request,
      @RequestHeader(name = "X-Recoverly-Timestamp", required = false) String timestamp,
      @RequestHeader(name = "X-Recoverly-Signature", required = false) String signature) throws java.io.IOException {
    // the signature is over the bytes as sent: read raw, before any converter
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "Too large", "at most 1 MB of events per call").exception();
    }
    verify(body, timestamp, signature);
    JsonNode events;
    try {
      // strict: one JSON value and nothing after it, no key twice
      events = json.reader().with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
    } catch (java.io.IOException e) {
      throw invalid("the body is not one JSON value (or names a key twice)");
    }
    if (events == null || !events.isArray() || events.size() > 1000) {
      throw invalid("a JSON array of at most 1,000 events");
    }
    // every event is read before any is applied: a bad one refuses the call, and nothing changes
    List<Event> read = new java.util.ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      read.add(event(events.get(i), i));
    }
    int applied = 0;
    for (Event event : read) {
      if (event.outboxId() != null && apply(event)) {
        applied++;
      }
    }
    return ResponseEntity.ok(Map.of("received", events.size(), "applied", applied));
  }

  /**
   * One event as read: {@code outboxId} null when the message is not one of ours (it is ignored); a reply has its own
   * id and text.
   */
  record Event(Long outboxId, String status, String detail, String replyId, String text) {}

  private static Event event(JsonNode event, int i) {
    String at = "event " + i + ": ";
    if (!event.isObject()) {
      throw invalid(at + "an object with messageId and event");
    }
    JsonNode messageId = event.get("messageId");
    JsonNode kind = event.get("event");
    JsonNode bounceType = event.get("bounceType");
    JsonNode detail = event.get("detail");
    if (messageId == null || !messageId.isTextual() || messageId.asText().length() > 300) {
      throw invalid(at + "messageId is the Message-ID the e-mail was sent with (text)");
    }
    if (kind == null || !kind.isTextual() || !Set.of("delivered", "bounced", "replied").contains(kind.asText())) {
      throw invalid(at + "event is delivered, bounced or replied");
    }
    String status = "DELIVERED";
    String replyId = null;
    String replyText = null;
    if (kind.asText().equals("replied")) {
      // the debtor answered the message: the reply's own Message-ID (once per reply) and its text
      JsonNode id = event.get("replyId");
      JsonNode text = event.get("text");
      if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > 300) {
        throw invalid(at + "a reply names its own Message-ID: replyId (text, at most 300 characters)");
      }
      if (text == null || !text.isTextual() || text.asText().isBlank() || text.asText().length() > 5000) {
        throw invalid(at + "a reply carries its text: text (1-5,000 characters)");
      }
      status = "REPLIED";
      replyId = io.recoverly.web.InputHygiene.printable(id.asText().strip());
      replyText = io.recoverly.web.InputHygiene.printable(text.asText().strip());
    }
    if (kind.asText().equals("bounced")) {
      if (bounceType == null || !bounceType.isTextual() || !Set.of("hard", "soft").contains(bounceType.asText())) {
        throw invalid(at + "a bounce says its bounceType: hard (the address cannot receive mail) or soft");
      }
      status = bounceType.asText().equals("hard") ? "BOUNCED" : "FAILED";
    } else if (bounceType != null && !bounceType.isNull()) {
      throw invalid(at + "only a bounce has a bounceType");
    }
    if (detail != null && !detail.isNull() && (!detail.isTextual() || detail.asText().length() > 1000)) {
      throw invalid(at + "detail is text, at most 1,000 characters");
    }
    // exactly the Message-ID the SMTP provider gave it; any other id is another system's message
    Matcher key = OUTBOX_KEY.matcher(messageId.asText().strip());
    String text = detail == null || detail.isNull() ? "" : io.recoverly.web.InputHygiene.printable(detail.asText());
    return new Event(key.matches() ? Long.valueOf(key.group(1)) : null, status,
        text.length() > 300 ? text.substring(0, 300) : text, replyId, replyText);
  }

  /**
   * A reply to one of our e-mails: "STOP" or "unsubscribe" (alone) is the e-mail opt-out at once (12 CFR 1006.6(e));
   * any other reply is on the timeline and a task for the agents to answer (process debtor-reply), once per reply.
   */
  private boolean reply(Event event) {
    UUID caseId = jdbc.sql("select case_id from outbound_message where id = :id and channel = 'EMAIL'")
        .param("id", event.outboxId()).query(UUID.class).optional().orElse(null);
    if (caseId == null) {
      return false;
    }
    String word = event.text().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", "");
    tx.executeWithoutResult(t -> {
      if (SmsCallbacks.STOP_WORDS.contains(word)) {
        optOuts.optOut(caseId, "EMAIL", "debtor (e-mail reply " + word + ")");
        return;
      }
      String text = event.text().length() > 500 ? event.text().substring(0, 500) : event.text();
      timeline.record(caseId, "EMAIL_REPLY_RECEIVED", "The debtor replied by e-mail: an agent answers it",
          Map.of("text", io.recoverly.cases.PiiMask.scrubText(text)), "email-reply:" + event.replyId());
      commands.publishMessage(SmsCallbacks.DEBTOR_REPLIED, caseId + ":" + event.replyId(),
          "email-reply:" + event.replyId() + ":" + caseId,
          Map.of("caseId", caseId.toString(), "replyChannel", "EMAIL", "replyText", text));
    });
    return true;
  }

  private boolean apply(Event event) {
    if (event.status().equals("REPLIED")) {
      return reply(event);
    }
    String status = event.status();
    String detail = event.detail();
    long id = event.outboxId();
    record Hit(UUID caseId, String dedupKey, String template, String recipient) {}
    Hit hit = tx.execute(t -> {
      var row = jdbc.sql("""
              update outbound_message set delivery_status = :status, delivery_updated_at = :at,
                     delivery_detail = :detail
               where id = :id and channel = 'EMAIL'
                 -- news only. Delivered over nothing; a soft bounce over nothing or delivered; a hard bounce over any
                 -- but itself (a service often reports a deferral, then the hard bounce)
                 and (delivery_status is null
                      or (:status in ('FAILED', 'BOUNCED') and delivery_status = 'DELIVERED')
                      or (:status = 'BOUNCED' and delivery_status = 'FAILED'))
              returning case_id, dedup_key, template, recipient
              """)
          .param("status", status).param("at", Timestamp.from(clock.instant()))
          .param("detail", detail).param("id", id)
          .query((rs, n) -> new Hit(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
          .optional().orElse(null);
      if (row == null) {
        return null;
      }
      jdbc.sql("update contact_attempt set delivery_status = :status where dedup_key = :key")
          .param("status", status).param("key", row.dedupKey()).update();
      if (status.equals("BOUNCED")) {
        // the address is unusable (if it is still the one the message went to): the next reminder goes another way
        jdbc.sql("""
                update debtor d set email_status = 'BOUNCED' from account a join collection_case c
                    on c.account_id = a.id where a.debtor_id = d.id and c.id = :id and lower(d.email) = lower(:to)
                """).param("id", row.caseId()).param("to", row.recipient()).update();
        timeline.record(row.caseId(), "MESSAGE_BOUNCED", "E-mail bounced: the address cannot receive mail, the next"
            + " message takes another channel", Map.of("channel", "EMAIL", "detail", detail), "email-bounce:" + id);
        if (ValidationNotices.TEMPLATE.equals(row.template())) {
          notices.bounced(row.caseId(), row.dedupKey());
        }
      } else if (status.equals("FAILED")) {
        timeline.record(row.caseId(), "MESSAGE_NOT_DELIVERED", "E-mail not delivered (soft bounce): the address"
            + " stays", Map.of("channel", "EMAIL", "detail", detail), "email-soft:" + id);
      }
      return row;
    });
    if (hit == null) {
      log.info("E-mail event {} for an unknown or settled message {}: ignored", status, id);
      return false;
    }
    if (status.equals("BOUNCED") && ValidationNotices.TEMPLATE.equals(hit.template())) {
      reminders.rerouteValidationNotice(hit.caseId(), "EMAIL: bounced");
    }
    return true;
  }

  private void verify(byte[] body, String timestamp, String signature) {
    long at;
    try {
      at = Long.parseLong(timestamp == null ? "" : timestamp.strip());
    } catch (NumberFormatException e) {
      throw forbidden();
    }
    // the service signs with the real time, whatever the business clock says (the demo moves that one)
    Instant sent = Instant.ofEpochSecond(Math.max(0, Math.min(at, Instant.MAX.getEpochSecond())));
    if (Duration.between(sent, Instant.now()).abs().compareTo(TOLERANCE) > 0) {
      throw forbidden();
    }
    String expected = "sha256=" + sign(secret, timestamp.strip(), body);
    if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        signature.strip().getBytes(StandardCharsets.UTF_8))) {
      throw forbidden();
    }
  }

  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static org.springframework.web.ErrorResponseException forbidden() {
    return Problems.of(HttpStatus.FORBIDDEN, "Not signed by the e-mail service", "X-Recoverly-Timestamp (within 5"
        + " minutes) and X-Recoverly-Signature must match: only the configured e-mail service may call this")
        .exception();
  }

  private static org.springframework.web.ErrorResponseException invalid(String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid events", detail).exception();
  }
}
