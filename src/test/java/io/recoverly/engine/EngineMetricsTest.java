package io.recoverly.engine;

import io.recoverly.support.Api;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverly.support.AppTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The embedded engine runs on RocksDB, releases processed log records, and reports itself on /actuator/prometheus. */
@AppTest
class EngineMetricsTest {

  @Autowired Engine engine;
  @Autowired CamundaClient client;
  @Autowired MeterRegistry meters;
  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;

  @BeforeEach
  void signIn() {
    http = anonymous.withBasicAuth(Api.ADMIN, Api.ADMIN);
  }

  @Test
  void runsOnRocksDbAndReleasesTheLogItHasProcessed() {
    assertThat(engine).isInstanceOf(EmbeddedZeebeEngine.class);
    assertThat(((EmbeddedZeebeEngine) engine).store()).isEqualTo("rocksdb");
    double appendedBefore = meters.get("recoverly.engine.log.appended.blocks").functionCounter().count();

    // publish messages nobody waits for: each is a command and its events, processed and then no longer needed
    for (int i = 0; i < 200; i++) {
      client.newPublishMessageCommand().messageName("nobody-listens").correlationKey("k" + i)
          .timeToLive(Duration.ZERO).variables(Map.of("i", i)).send().join();
    }

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      double appended = meters.get("recoverly.engine.log.appended.blocks").functionCounter().count();
      double released = meters.get("recoverly.engine.log.released.blocks").functionCounter().count();
      double retained = meters.get("recoverly.engine.log.retained.blocks").gauge().value();
      assertThat(appended - appendedBefore).isGreaterThanOrEqualTo(200);
      // everything but the block being processed (and anything still in flight) is released
      assertThat(retained).isLessThan(50);
      assertThat(released).isGreaterThanOrEqualTo(appended - retained);
    });
    assertThat(meters.get("recoverly.engine.state.bytes").gauge().value()).isPositive();
  }

  @Test
  void prometheusShowsEngineMetrics() {
    String body = http.getForObject("/actuator/prometheus", String.class);
    assertThat(body)
        .contains("recoverly_engine_log_retained_blocks")
        .contains("recoverly_engine_log_retained_bytes")
        .contains("recoverly_engine_state_bytes")
        .contains("recoverly_engine_log_appended_blocks_total")
        // the engine's own: commands processed, processing latency
        .contains("zeebe_stream_processor_batch_processing_commands_count")
        .contains("zeebe_stream_processor_latency_seconds_count")
        .contains("zeebe_stream_processor_processing_duration_seconds");
  }
}
