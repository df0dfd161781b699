package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The print-and-mail adapters on their own: a folder drop and a letter house's HTTP API (a stub in this JVM). */
class LetterHouseTest {

  private static final byte[] PDF = "%PDF-1.7 a letter".getBytes(StandardCharsets.US_ASCII);

  private static OutboundMessage letter() {
    return new OutboundMessage(UUID.randomUUID(), Channel.LETTER, "validation-notice", "12 Elm St, Springfield, IL",
        "words", "key-1", null, "PO Box 1000, Springfield, IL 62701",
        new OutboundMessage.Attachment(UUID.randomUUID(), "validation-notice.pdf", PDF, "Ana Ruiz"));
  }

  @Test
  void aFolderDropWritesThePdfThenItsManifestAndDropsALetterOnce(@TempDir Path folder) throws Exception {
    FolderLetterProvider drop = new FolderLetterProvider(folder.resolve("out"), new ObjectMapper());
    OutboundMessage message = letter();
    drop.deliver("recoverly-outbound-7", message);
    assertThat(Files.readAllBytes(folder.resolve("out/recoverly-outbound-7.pdf"))).isEqualTo(PDF);
    Map<?, ?> manifest = new ObjectMapper().readValue(folder.resolve("out/recoverly-outbound-7.json").toFile(),
        Map.class);
    assertThat(manifest.get("recipientName")).isEqualTo("Ana Ruiz");
    assertThat(manifest.get("caseId")).isEqualTo(message.caseId().toString());
    try (var files = Files.list(folder.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no partial files left")
          .containsExactlyInAnyOrder("recoverly-outbound-7.pdf", "recoverly-outbound-7.json");
    }
    // handed over again after a crash: its manifest is there, nothing is written again
    long before = Files.getLastModifiedTime(folder.resolve("out/recoverly-outbound-7.pdf")).toMillis();
    Files.writeString(folder.resolve("out/recoverly-outbound-7.pdf"), "printed");
    drop.deliver("recoverly-outbound-7", message);
    assertThat(Files.readString(folder.resolve("out/recoverly-outbound-7.pdf"))).isEqualTo("printed");
    assertThat(before).isPositive();
    assertThatThrownBy(() -> drop.deliver("k", new OutboundMessage(message.caseId(), Channel.LETTER, "x", "a", "b",
        "k", null))).hasMessageContaining("without its document");
  }

  @Test
  void theHttpLetterHouseGetsThePdfWithItsKeyAndABearerTokenAndA5xxIsRetried() throws Exception {
    List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    AtomicInteger answer = new AtomicInteger(201);
    HttpServer house = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    house.createContext("/v1/letters", exchange -> {
      received.add(Map.of("auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
          "key", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")),
          "type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
          "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1)));
      exchange.sendResponseHeaders(answer.get(), -1);
      exchange.close();
    });
    house.start();
    try {
      HttpLetterProvider provider = new HttpLetterProvider("http://127.0.0.1:" + house.getAddress().getPort()
          + "/v1/", "house-key", new ObjectMapper());
      provider.deliver("recoverly-outbound-9", letter());
      Map<String, String> request = received.getFirst();
      assertThat(request.get("auth")).isEqualTo("Bearer house-key");
      assertThat(request.get("key")).isEqualTo("recoverly-outbound-9");
      assertThat(request.get("type")).startsWith("multipart/form-data; boundary=");
      assertThat(request.get("body")).contains("name=\"file\"; filename=\"recoverly-outbound-9.pdf\"")
          .contains("%PDF-1.7 a letter").contains("\"recipientName\":\"Ana Ruiz\"")
          .contains("\"recipientAddress\":\"12 Elm St, Springfield, IL\"");
      // the house has that key already: one letter, accepted
      answer.set(409);
      provider.deliver("recoverly-outbound-9", letter());
      // a failure is the relay's to retry; the message names no credential
      answer.set(503);
      assertThatThrownBy(() -> provider.deliver("recoverly-outbound-10", letter()))
          .hasMessageContaining("HTTP 503").hasMessageNotContaining("house-key");
    } finally {
      house.stop(0);
    }
  }
}
