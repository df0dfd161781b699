package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine command outbox: recorded with the caller's transaction, sent after it, retried until acknowledged. */
class EngineCommandsTest extends ApiTestSupport {

  @Autowired EngineCommands commands;
  @Autowired TransactionTemplate tx;
  @Autowired Faults faults;

  @AfterEach
  void disarm() {
    faults.reset();
  }

  @Test
  void aMessageIsRecordedOncePerIdAndSentAfterTheCommit() {
    String key = UUID.randomUUID().toString();

    assertThat((Boolean) tx.execute(s -> commands.publishMessage("nobody-listens", key, "retry-" + key, Map.of("n", 1))))
        .isTrue();
    assertThat((Boolean) tx.execute(s -> commands.publishMessage("nobody-listens", key, "retry-" + key, Map.of("n", 1))))
        .isFalse();
    assertThat(status("retry-" + key)).isEqualTo("DONE");
  }

  @Test
  void aRolledBackTransactionTellsTheEngineNothing() {
    String key = UUID.randomUUID().toString();

    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      commands.publishMessage("nobody-listens", key, "rolled-back-" + key, Map.of());
      throw new IllegalStateException("the caller's transaction fails");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(jdbc.sql("select count(*) from engine_command where message_id = :id").param("id", "rolled-back-" + key)
        .query(Long.class).single()).isZero();
  }

  @Test
  void aCommandNeedsTheCallersTransaction() {
    assertThatThrownBy(() -> commands.publishMessage("nobody-listens", "k", "no-transaction", Map.of()))
        .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
  }

  @Test
  void aLostAnswerIsRetriedUntilTheEngineSaysItHasTheMessage() {
    String key = UUID.randomUUID().toString();
    faults.dropNextAnswers(1, "PublishMessage");

    tx.execute(s -> commands.publishMessage("nobody-listens", key, "lost-" + key, Map.of()));

    assertThat(status("lost-" + key)).isEqualTo("PENDING");
    await().atMost(Duration.ofSeconds(20)).until(() -> status("lost-" + key).equals("DONE"));
    // the engine had the first one: the retry is answered "already exists", which is done
    assertThat(jdbc.sql("select outcome from engine_command where message_id = :id").param("id", "lost-" + key)
        .query(String.class).single()).isEqualTo("ALREADY_EXISTS");
  }

  private String status(String messageId) {
    return jdbc.sql("select status from engine_command where message_id = :id").param("id", messageId)
        .query(String.class).single();
  }
}
