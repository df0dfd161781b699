package io.recoverly.contact;

import io.recoverly.cases.CaseTimeline;
import io.recoverly.compliance.OptOuts;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the SMS gateway tells us (with {@code recoverly.providers.sms.kind=http}): delivery receipts for the messages it
 * took, and the debtors' replies. Each request is authenticated by the gateway's signature, as Twilio signs its
 * webhooks: {@code X-Twilio-Signature} = Base64(HMAC-SHA1(token, URL + each parameter's name and value in name order)),
 * over the URL configured for it; a request without a valid one is a 403 and changes nothing.
 *
 * <ul>
 *   <li>{@code POST /api/providers/sms/status} ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}):
 *       delivered or failed is kept with the message and its contact attempt; a failure that says the number cannot
 *       receive SMS (unknown, a landline, unreachable for good) marks the phone so: the next reminder takes another
 *       channel.
 *   <li>{@code POST /api/providers/sms/inbound} ({@code From}, {@code Body}): STOP (or STOPALL, UNSUBSCRIBE, CANCEL,
 *       END, QUIT) records the SMS opt-out at once on every open case of that number (12 CFR 1006.6(e)); any other
 *       reply goes on those cases' timelines and opens a task for an agent to answer it (process debtor-reply).
 * </ul>
 */
@RestController
@ConditionalOnProperty(name = "recoverly.providers.sms.kind", havingValue = "http")
@Tag(name = "Provider callbacks", description = "Delivery receipts and replies from the SMS gateway (signed)")
class SmsCallbacks {

  private static final Logger log = LoggerFactory.getLogger(SmsCallbacks.class);
  static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
  /** Gateway error codes that say a number cannot receive SMS (Twilio's: unknown, landline, not a mobile). */
  private static final Set<String> NOT_TEXTABLE = Set.of("21211", "21614", "30005", "30006");

  /** The message that starts the debtor-reply process (an agent's task to answer). */
  static final String DEBTOR_REPLIED = "debtor-replied";

  private final JdbcClient jdbc;
  private final io.recoverly.engine.EngineCommands commands;
  private final OptOuts optOuts;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final String token;
  private final String statusUrl;
  private final String inboundUrl;

  SmsCallbacks(JdbcClient jdbc, io.recoverly.engine.EngineCommands commands, OptOuts optOuts, CaseTimeline timeline,
      Clock clock,
      @Value("${recoverly.providers.sms.token}") String token,
      @Value("${recoverly.providers.sms.status-callback-url}") String statusUrl,
      @Value("${recoverly.providers.sms.inbound-url}") String inboundUrl) {
    this.jdbc = jdbc;
    this.commands = commands;
    this.optOuts = optOuts;
    this.timeline = timeline;
    this.clock = clock;
    this.token = token;
    this.statusUrl = statusUrl;
    this.inboundUrl = inboundUrl;
  }

  @PostMapping(path = "/api/providers/sms/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  @Operation(summary = "The SMS gateway's delivery receipt (signed with X-Twilio-Signature)")
  @Transactional
  ResponseEntity<Void> status(@RequestParam MultiValueMap<String, String> params,
      @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
    verify(statusUrl, params, signature);
    String sid = params.getFirst("MessageSid");
    String status = params.getFirst("MessageStatus");
    if (sid == null || status == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid receipt", "MessageSid and MessageStatus are required")
          .exception();
    }
    String delivery = switch (status.toLowerCase(Locale.ROOT)) {
      case "delivered" -> "DELIVERED";
      case "undelivered", "failed" -> "FAILED";
      default -> null; // queued, sending, sent: nothing to record yet
    };
    if (delivery == null) {
      return ResponseEntity.noContent().build();
    }
    var message = jdbc.sql("""
            update outbound_message set delivery_status = :status, delivery_updated_at = :at
             where provider_ref = :sid returning case_id, dedup_key
            """)
        .param("status", delivery).param("at", Timestamp.from(clock.instant())).param("sid", sid)
        .query().listOfRows();
    if (message.isEmpty()) {
      log.info("Delivery receipt for an unknown message {}: ignored", sid);
      return ResponseEntity.noContent().build();
    }
    UUID caseId = (UUID) message.getFirst().get("case_id");
    jdbc.sql("update contact_attempt set delivery_status = :status where dedup_key = :key")
        .param("status", delivery).param("key", message.getFirst().get("dedup_key")).update();
    if (delivery.equals("FAILED")) {
      String code = params.getFirst("ErrorCode");
      boolean notTextable = code != null && NOT_TEXTABLE.contains(code);
      if (notTextable) {
        // the number cannot take SMS: the next reminder goes by another channel (ContactPoints.textable)
        jdbc.sql("""
                update debtor d set phone_type = 'NOT_TEXTABLE' from account a join collection_case c
                    on c.account_id = a.id where a.debtor_id = d.id and c.id = :id
                """).param("id", caseId).update();
      }
      timeline.record(caseId, "MESSAGE_NOT_DELIVERED", "SMS not delivered" + (code == null ? "" : " (gateway error "
              + code + ")") + (notTextable ? ": the number cannot receive SMS, the next reminder takes another channel"
              : ""), Map.of("channel", "SMS", "errorCode", String.valueOf(code)), "sms-status:" + sid);
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = "/api/providers/sms/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  @Operation(summary = "A debtor's reply by SMS (signed with X-Twilio-Signature): STOP opts out at once")
  @Transactional
  ResponseEntity<Void> inbound(@RequestParam MultiValueMap<String, String> params,
      @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
    verify(inboundUrl, params, signature);
    String from = params.getFirst("From");
    String body = params.getFirst("Body") == null ? "" : params.getFirst("Body").strip();
    if (from == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid reply", "From is required").exception();
    }
    List<UUID> cases = jdbc.sql("""
            select c.id from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id
             where d.phone = :from and c.status = 'OPEN'
            """).param("from", from).query(UUID.class).list();
    boolean stop = STOP_WORDS.contains(body.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", ""));
    for (UUID caseId : cases) {
      if (stop) {
        optOuts.optOut(caseId, "SMS", "debtor (SMS reply " + body.toUpperCase(Locale.ROOT) + ")");
      } else {
        String text = io.recoverly.web.InputHygiene.printable(body.length() > 500 ? body.substring(0, 500) : body);
        String sid = params.getFirst("MessageSid") == null ? Integer.toHexString(body.hashCode())
            : io.recoverly.web.InputHygiene.printable(params.getFirst("MessageSid"));
        timeline.record(caseId, "SMS_REPLY_RECEIVED", "The debtor replied by SMS: an agent answers it",
            Map.of("text", io.recoverly.cases.PiiMask.scrubText(text)), "sms-reply:" + sid + ":" + caseId);
        // a reply other than STOP is a person asking something: a task for the agents (process debtor-reply), once
        // per reply however often the gateway retries it
        commands.publishMessage(DEBTOR_REPLIED, caseId + ":" + sid, "sms-reply:" + sid + ":" + caseId,
            Map.of("caseId", caseId.toString(), "replyChannel", "SMS", "replyText", text));
      }
    }
    return ResponseEntity.noContent().build();
  }

  /** The gateway's signature over the URL it called and the parameters; a 403 when it does not match. */
  private void verify(String url, MultiValueMap<String, String> params, String signature) {
    if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
        sign(token, url, params).getBytes(StandardCharsets.UTF_8))) {
      throw Problems.of(HttpStatus.FORBIDDEN, "Not signed by the gateway", "the request's X-Twilio-Signature does not"
          + " match: only the configured SMS gateway may call this").exception();
    }
  }

  static String sign(String token, String url, MultiValueMap<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
