package io.recoverly.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox relay delivers each message to the provider exactly once, also when the relay dies between its claim
 * (committed) and the hand-over, or between the hand-over and its record of it; and it asks the contact guard again, so
 * that a held reminder is never delivered after the debtor asked us to stop.
 */
@Import(OutboxRelayTest.Provider.class)
@TestPropertySource(properties = {"recoverly.outbox.relay.enabled=true", "recoverly.outbox.relay.lease=PT2S",
    "recoverly.outbox.relay.interval=PT0.2S"})
class OutboxRelayTest extends ApiTestSupport {

  @Autowired RecordingProvider provider;

  /** Stands in for the SMS/e-mail/letter provider: records deliveries by idempotency key, as a provider does. */
  static final class RecordingProvider implements MessageProvider {
    final Map<String, OutboundMessage> delivered = new ConcurrentHashMap<>();
    final Map<String, Integer> calls = new ConcurrentHashMap<>();
    final Set<UUID> dieBeforeSending = ConcurrentHashMap.newKeySet();
    final Set<UUID> dieAfterSending = ConcurrentHashMap.newKeySet();

    @Override
    public void deliver(String key, OutboundMessage message) {
      if (dieBeforeSending.remove(message.caseId())) {
        throw new RelayDied(); // the relay process is gone before anything reached the provider
      }
      calls.merge(key, 1, Integer::sum);
      delivered.putIfAbsent(key, message); // a known key is the same delivery
      if (dieAfterSending.remove(message.caseId())) {
        throw new RelayDied(); // gone after the hand-over, before it recorded SENT
      }
    }
  }

  /** Not an exception the relay handles: it stops the relay run in its tracks, as a crash would. */
  static final class RelayDied extends Error {}

  @TestConfiguration(proxyBeanMethods = false)
  static class Provider {
    @Bean
    @Primary
    RecordingProvider recordingProvider() {
      return new RecordingProvider();
    }
  }

  private long count(UUID caseId, String status) {
    return jdbc.sql("select count(*) from outbound_message where case_id = :id and status = :s").param("id", caseId)
        .param("s", status).query(Long.class).single();
  }

  private Set<String> keys(UUID caseId) {
    return jdbc.sql("select id from outbound_message where case_id = :id").param("id", caseId).query(Long.class).list()
        .stream().map(OutboxRelay::key).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void everyMessageReachesTheProviderOnceAcrossCrashes() {
    UUID plain = api.importAccount(Api.unique("RELAY") + "-1", "500.00");
    await().atMost(Duration.ofSeconds(30)).until(() -> count(plain, "SENT") == 2); // validation letter and SMS
    assertThat(keys(plain)).allSatisfy(key -> assertThat(provider.calls).containsEntry(key, 1));

    UUID before = api.importAccount(Api.unique("RELAY") + "-2", "500.00");
    provider.dieBeforeSending.add(before);
    UUID after = api.importAccount(Api.unique("RELAY") + "-3", "500.00");
    provider.dieAfterSending.add(after);
    // the dead relay's claims stay SENDING until their lease (2 s) runs out; then the messages go out again
    await().atMost(Duration.ofSeconds(30)).until(() -> count(before, "SENT") == 2 && count(after, "SENT") == 2);
    assertThat(provider.dieBeforeSending).isEmpty();
    assertThat(provider.dieAfterSending).isEmpty();
    // died before sending: each message reached the provider once
    assertThat(keys(before)).allSatisfy(key -> assertThat(provider.calls).containsEntry(key, 1));
    // died after sending: one message was handed over twice under one key, which the provider took as one
    assertThat(keys(after).stream().mapToInt(key -> provider.calls.getOrDefault(key, 0)).sum()).isEqualTo(3);
    assertThat(keys(after)).allSatisfy(key -> assertThat(provider.delivered).containsKey(key));
    // the messages the dead relays had claimed were claimed again (how many depends on how the batches fell)
    assertThat(jdbc.sql("select count(*) from outbound_message where case_id in (:ids) and attempts > 1")
        .param("ids", java.util.List.of(before, after)).query(Long.class).single()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aHeldReminderIsNotDeliveredAfterACeaseRequest() {
    UUID caseId = api.importAccount(Api.unique("RELAYHELD") + "-1", "500.00");
    await().atMost(Duration.ofSeconds(30)).until(() -> count(caseId, "SENT") == 2);
    // a reminder the guard held until tomorrow morning, then the debtor asks us to stop
    jdbc.sql("""
        insert into outbound_message (case_id, channel, template, recipient, body, status, created_at, dedup_key,
                                      send_after)
        values (:id, 'SMS', 'payment-reminder', '+14155550123', 'held', 'PENDING', now(), :key, :after)
        """).param("id", caseId).param("key", Api.unique("held")).param("after",
            java.sql.Timestamp.from(api.engineNow().plus(Duration.ofHours(1)))).update();
    api.body(api.post("/api/cases/" + caseId + "/cease-communication", "{\"reason\":\"asked in writing\"}",
        MediaType.APPLICATION_JSON), org.springframework.http.HttpStatus.CREATED);
    api.advanceClock("PT2H");
    await().atMost(Duration.ofSeconds(30)).until(() -> count(caseId, "CANCELED") == 1);
    assertThat(provider.delivered.values()).noneMatch(m -> m.caseId().equals(caseId) && m.body().equals("held"));
    assertThat(jdbc.sql("select last_error from outbound_message where case_id = :id and status = 'CANCELED'")
        .param("id", caseId).query(String.class).single()).isEqualTo("CEASE_COMMUNICATION");
    api.advanceToLocalTime(java.time.LocalTime.of(9, 0), java.time.ZoneId.of("America/Chicago"));
  }
}
