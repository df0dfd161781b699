package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A message published again with the same id (a retry after a lost commit) is not an error and is not re-delivered. */
class EngineMessagesTest extends ApiTestSupport {

  @Autowired EngineMessages messages;

  @Test
  void republishingTheSameMessageIdIsAcknowledgedOnce() {
    String key = UUID.randomUUID().toString();

    assertThat(messages.publish("nobody-listens", key, "retry-" + key, Map.of("n", 1))).isTrue();
    assertThat(messages.publish("nobody-listens", key, "retry-" + key, Map.of("n", 1))).isFalse();
  }
}
