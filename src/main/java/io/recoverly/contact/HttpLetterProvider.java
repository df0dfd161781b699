package io.recoverly.contact;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Letters handed to a print-and-mail house over HTTP ({@code recoverly.providers.letter.kind=http}), in the shape of
 * the common letter APIs: {@code POST {base-url}/letters}, {@code multipart/form-data} with {@code file} (the PDF) and
 * {@code metadata} (JSON: the recipient's name and address, the case, the document), {@code Authorization: Bearer
 * {api-key}} (configuration only, never logged) and the outbox's idempotency key as {@code Idempotency-Key}. A 2xx
 * answer, or 409 (the house has that key already), is accepted; anything else is retried by the relay with backoff.
 */
@Component
@ConditionalOnProperty(name = "recoverly.providers.letter.kind", havingValue = "http")
class HttpLetterProvider implements ChannelProvider {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;
  private final ObjectMapper json;

  HttpLetterProvider(@Value("${recoverly.providers.letter.base-url}") String baseUrl,
      @Value("${recoverly.providers.letter.api-key}") String apiKey, ObjectMapper json) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
    this.json = json;
  }

  @Override
  public Channel channel() {
    return Channel.LETTER;
  }

  @Override
  public void deliver(String idempotencyKey, OutboundMessage message) {
    Map<String, Object> meta = message.letterManifest(idempotencyKey);
    String boundary = "recoverly-" + UUID.randomUUID();
    HttpResponse<String> response;
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      part(body, boundary, "metadata", null, "application/json", json.writeValueAsBytes(meta));
      part(body, boundary, "file", idempotencyKey + ".pdf", "application/pdf", message.document().pdf());
      body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/letters"))
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .header("Authorization", "Bearer " + apiKey)
          .header("Idempotency-Key", idempotencyKey)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("letter house unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a letter over", e);
    }
    int status = response.statusCode();
    if ((status < 200 || status >= 300) && status != 409) {
      throw new IllegalStateException("letter house answered HTTP " + status);
    }
  }

  private static void part(ByteArrayOutputStream out, String boundary, String name, String fileName, String type,
      byte[] content) throws IOException {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    out.write(content);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
