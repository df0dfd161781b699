package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * SMS over the HTTP messaging API (issue 21), against a gateway stub in the test JVM: the reminder goes out with "Reply
 * STOP", the gateway's signed delivery receipt is recorded, an unsigned one refused, a STOP reply becomes an opt-out at
 * once, and a failure saying the number cannot take SMS sends the next reminder another way.
 */
class SmsGatewayTest extends ApiTestSupport {

  static final String STATUS_URL = "https://recoverly.example/api/providers/sms/status";
  static final String INBOUND_URL = "https://recoverly.example/api/providers/sms/inbound";
  static final List<Map<String, String>> SENT = new CopyOnWriteArrayList<>();
  static final AtomicInteger SIDS = new AtomicInteger();
  static final HttpServer GATEWAY;

  static {
    try {
      GATEWAY = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GATEWAY.createContext("/2010-04-01/Accounts/AC123/Messages.json", exchange -> {
      Map<String, String> form = new java.util.HashMap<>();
      for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      form.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
      form.put("idempotency", exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      String sid = "SM" + SIDS.incrementAndGet();
      form.put("sid", sid);
      SENT.add(form);
      byte[] answer = ("{\"sid\": \"" + sid + "\", \"status\": \"queued\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    GATEWAY.start();
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    registry.add("recoverly.providers.sms.kind", () -> "http");
    registry.add("recoverly.providers.sms.base-url", () -> "http://127.0.0.1:" + GATEWAY.getAddress().getPort());
    registry.add("recoverly.providers.sms.account", () -> "AC123");
    registry.add("recoverly.providers.sms.token", () -> "gateway-secret");
    registry.add("recoverly.providers.sms.from", () -> "+15005550006");
    registry.add("recoverly.providers.sms.status-callback-url", () -> STATUS_URL);
    registry.add("recoverly.providers.sms.inbound-url", () -> INBOUND_URL);
    registry.add("recoverly.outbox.relay.enabled", () -> "true");
    registry.add("recoverly.outbox.relay.interval", () -> "PT0.2S");
  }

  /**
   * A US debtor with a mobile and an e-mail address: the validation notice goes by e-mail (a text message cannot carry
   * it), then the reminder by SMS.
   */
  private UUID textableCase(String ref, String phone) {
    String csv = "accountRef,debtorName,phone,email,timezone,jurisdiction,product,principal,balance,currency,dpd\n"
        + ref + ",Ravi Kumar," + phone + "," + ref.toLowerCase() + "@example.com,America/New_York,US,FLOW,500.00,"
        + "200.00,USD,20\n";
    api.body(api.post("/api/portfolios/import", csv, MediaType.parseMediaType("text/csv")), HttpStatus.OK);
    return UUID.fromString(api.get("/api/cases?q=" + ref).path("items").get(0).path("id").asText());
  }

  private Map<String, String> awaitSent(String to) {
    await().atMost(Duration.ofSeconds(40)).until(() -> SENT.stream().anyMatch(m -> to.equals(m.get("To"))));
    return SENT.stream().filter(m -> to.equals(m.get("To"))).findFirst().orElseThrow();
  }

  private ResponseEntity<String> callback(String url, MultiValueMap<String, String> params, String signature) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (signature != null) {
      headers.set("X-Twilio-Signature", signature);
    }
    String path = url.substring(url.indexOf("/api/"));
    return http.postForEntity(path, new HttpEntity<>(params, headers), String.class);
  }

  private static MultiValueMap<String, String> form(String... kv) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      form.add(kv[i], kv[i + 1]);
    }
    return form;
  }

  @Test
  void aReminderGoesToTheGatewayItsReceiptIsKeptAndAStopReplyOptsOut() {
    String phone = "+130555501" + String.format("%02d", (int) (Math.random() * 100));
    UUID caseId = textableCase(Api.unique("SMSGW") + "-1", phone);
    Map<String, String> sent = awaitSent(phone);
    assertThat(sent.get("Body")).contains("This is a communication from a debt collector.")
        .contains("Reply STOP to opt out.").contains("$200.00");
    assertThat(sent.get("From")).isEqualTo("+15005550006");
    assertThat(sent.get("StatusCallback")).isEqualTo(STATUS_URL);
    assertThat(sent.get("authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("AC123:gateway-secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(sent.get("idempotency")).startsWith("recoverly-outbound-");
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from outbound_message"
        + " where provider_ref = :sid").param("sid", sent.get("sid")).query(Long.class).single() == 1);

    // an unsigned or wrongly signed receipt changes nothing
    MultiValueMap<String, String> delivered = form("MessageSid", sent.get("sid"), "MessageStatus", "delivered");
    assertThat(callback(STATUS_URL, delivered, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(callback(STATUS_URL, delivered, "bm90IGl0").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(callback(STATUS_URL, delivered, SmsCallbacks.sign("gateway-secret", INBOUND_URL, delivered))
        .getStatusCode()).as("signed for another URL").isEqualTo(HttpStatus.FORBIDDEN);
    // the gateway's receipt: the message and its contact attempt are delivered
    assertThat(callback(STATUS_URL, delivered, SmsCallbacks.sign("gateway-secret", STATUS_URL, delivered))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(jdbc.sql("select delivery_status from outbound_message where provider_ref = :sid")
        .param("sid", sent.get("sid")).query(String.class).single()).isEqualTo("DELIVERED");
    assertThat(jdbc.sql("select delivery_status from contact_attempt where case_id = :c and channel = 'SMS'")
        .param("c", caseId).query(String.class).list()).contains("DELIVERED");

    // the debtor answers STOP: the opt-out is recorded at once and no SMS may go to them
    MultiValueMap<String, String> stop = form("From", phone, "Body", " Stop ");
    assertThat(callback(INBOUND_URL, stop, SmsCallbacks.sign("gateway-secret", INBOUND_URL, stop)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(api.get("/api/cases/" + caseId + "/opt-outs").toString()).contains("SMS");
    assertThat(api.get("/api/cases/" + caseId + "/contact-check?channel=SMS").path("rule").asText())
        .isEqualTo("OPT_OUT");

    // a reply other than STOP is a question for a person: a task for the agents, once however often it is retried
    MultiValueMap<String, String> reply = form("From", phone, "Body", "Can I pay half now?", "MessageSid", "SMreply1");
    for (int i = 0; i < 2; i++) {
      assertThat(callback(INBOUND_URL, reply, SmsCallbacks.sign("gateway-secret", INBOUND_URL, reply))
          .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }
    JsonNode task = api.awaitOpenTask(caseId, "answer-debtor-reply");
    assertThat(task.path("candidateGroups").toString() + task.path("groups")).contains("agents");
    JsonNode detail = api.get("/api/tasks/" + task.path("id").asText());
    assertThat(detail.toString()).contains("Can I pay half now?");
    api.advanceClock("PT5S");
    assertThat(jdbc.sql("select count(*) from user_task where case_id = :c and element_id = 'answer-debtor-reply'")
        .param("c", caseId).query(Long.class).single()).isEqualTo(1);
    assertThat(api.eventTypes(caseId)).contains("SMS_REPLY_RECEIVED");
  }

  @Test
  void aNumberTheGatewaySaysCannotTakeSmsSendsTheNextReminderAnotherWay() {
    String phone = "+131255501" + String.format("%02d", (int) (Math.random() * 100));
    UUID caseId = textableCase(Api.unique("SMSGW") + "-2", phone);
    Map<String, String> sent = awaitSent(phone);
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from outbound_message"
        + " where provider_ref = :sid").param("sid", sent.get("sid")).query(Long.class).single() == 1);
    MultiValueMap<String, String> failed = form("MessageSid", sent.get("sid"), "MessageStatus", "undelivered",
        "ErrorCode", "30006");
    assertThat(callback(STATUS_URL, failed, SmsCallbacks.sign("gateway-secret", STATUS_URL, failed)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(api.eventTypes(caseId)).contains("MESSAGE_NOT_DELIVERED");
    assertThat(api.get("/api/cases/" + caseId + "/contact-check?channel=SMS").path("rule").asText())
        .isEqualTo("NOT_A_MOBILE");
  }
}
