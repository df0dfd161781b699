package io.recoverly.contact;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SMS over an HTTP messaging API in the shape of Twilio's Messages API ({@code recoverly.providers.sms.kind=http}):
 * {@code POST {base-url}/2010-04-01/Accounts/{account}/Messages.json} with {@code To}, {@code From}, {@code Body} and
 * {@code StatusCallback}, HTTP Basic with the account and its token (configuration only, never logged), the outbox's
 * idempotency key as {@code Idempotency-Key}. The message id it answers ({@code sid}) is kept with the message, so that
 * its delivery receipt finds it ({@link SmsCallbacks}).
 */
@Component
@ConditionalOnProperty(name = "recoverly.providers.sms.kind", havingValue = "http")
class HttpSmsProvider implements ChannelProvider {

  private static final Pattern SID = Pattern.compile("\"sid\"\\s*:\\s*\"([A-Za-z0-9]{1,64})\"");
  private static final Pattern OUTBOX_KEY = Pattern.compile("recoverly-outbound-([0-9]+)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JdbcClient jdbc;
  private final String baseUrl;
  private final String account;
  private final String token;
  private final String from;
  private final String statusCallback;

  HttpSmsProvider(JdbcClient jdbc, @Value("${recoverly.providers.sms.base-url}") String baseUrl,
      @Value("${recoverly.providers.sms.account}") String account,
      @Value("${recoverly.providers.sms.token}") String token, @Value("${recoverly.providers.sms.from}") String from,
      @Value("${recoverly.providers.sms.status-callback-url}") String statusCallback) {
    this.jdbc = jdbc;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.account = account;
    this.token = token;
    this.from = from;
    this.statusCallback = statusCallback;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public void deliver(String idempotencyKey, OutboundMessage message) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", message.recipient());
    form.put("From", from);
    form.put("Body", message.body());
    form.put("StatusCallback", statusCallback);
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/2010-04-01/Accounts/"
            + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/Messages.json"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((account + ":" + token)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("SMS gateway unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending an SMS", e);
    }
    if (response.statusCode() / 100 != 2) {
      // the relay retries with backoff; the gateway's answer says why, the request's credentials are not in it
      throw new IllegalStateException("SMS gateway answered " + response.statusCode());
    }
    Matcher sid = SID.matcher(response.body());
    Matcher id = OUTBOX_KEY.matcher(idempotencyKey);
    if (sid.find() && id.matches()) {
      jdbc.sql("update outbound_message set provider_ref = :sid where id = :id and provider_ref is null")
          .param("sid", sid.group(1)).param("id", Long.parseLong(id.group(1))).update();
    }
  }
}
