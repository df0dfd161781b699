package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Service;

/**
 * Publishes messages to case processes idempotently. Every message has an id; the engine refuses a second message
 * with the same id while the first is buffered, which here means "already delivered", not failure. That makes a retry
 * safe when the first publish reached the engine but the surrounding transaction did not commit.
 */
@Service
public class EngineMessages {

  /** How long a message waits for a subscription (e.g. a case whose instance is being re-opened). */
  public static final Duration TIME_TO_LIVE = Duration.ofHours(1);

  private final CamundaClient client;

  EngineMessages(CamundaClient client) {
    this.client = client;
  }

  /** @return true when published now, false when a message with this id was already published */
  public boolean publish(String name, String correlationKey, String messageId, Map<String, ?> variables) {
    try {
      client.newPublishMessageCommand()
          .messageName(name)
          .correlationKey(correlationKey)
          .messageId(messageId)
          .timeToLive(TIME_TO_LIVE)
          .variables(variables == null ? Map.of() : variables)
          .send()
          .join();
      return true;
    } catch (ClientStatusException | CompletionException e) {
      if (EngineErrors.hasStatus(e, Status.Code.ALREADY_EXISTS)) {
        return false;
      }
      throw e;
    }
  }
}
