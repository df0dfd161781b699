package io.recoverly.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way the application tells the engine that something happened: a job-based user task completed, a message
 * (payment, dispute, cease request) published, an instance canceled (a case the creditor closed). The command is written in the caller's transaction, beside the records
 * it is about, and sent only after that transaction commits: first right away on the caller's thread, then, until the
 * engine acknowledges it, by the {@link EngineCommandRelay} on any node. So a crash between the commit and the engine's
 * answer loses nothing, and nothing is told to the engine that the database does not hold.
 *
 * <p>Every command is idempotent at the engine: a job completed (an instance canceled) twice answers NOT_FOUND the
 * second time, a message published twice ALREADY_EXISTS; either means "done". When the engine has acknowledged (or settled) a command, an
 * {@link EngineCommandSettled} event carries the command's {@code reference} to whoever waits for it.
 */
@Service
public class EngineCommands {

  /** How long a published message waits for a subscription (a case whose instance is being re-opened, say). */
  public static final Duration MESSAGE_TIME_TO_LIVE = Duration.ofHours(1);

  private final JdbcClient jdbc;
  private final Engine engine;
  private final ObjectMapper json;
  private final EngineCommandRelay relay;

  EngineCommands(JdbcClient jdbc, Engine engine, ObjectMapper json, EngineCommandRelay relay) {
    this.jdbc = jdbc;
    this.engine = engine;
    this.json = json;
    this.relay = relay;
  }

  /**
   * Completes a job with these variables once the caller's transaction commits.
   *
   * @param reference what the completion is about (e.g. {@code task:<id>}), returned in {@link EngineCommandSettled}
   * @return the command's id; the same id when this job's completion was already recorded (a completion the engine
   *     refused before is recorded anew: the task was opened again and completed again)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long completeJob(long jobKey, Map<String, ?> variables, String reference) {
    Long id = jdbc.sql("""
            insert into engine_command (kind, engine_incarnation, job_key, variables, reference, next_attempt_at)
            values ('COMPLETE_JOB', :incarnation, :jobKey, cast(:variables as jsonb), :reference, :next)
            on conflict (engine_incarnation, job_key) where kind = 'COMPLETE_JOB' do update
               set variables = excluded.variables, reference = excluded.reference, status = 'PENDING', outcome = null,
                   attempts = 0, next_attempt_at = excluded.next_attempt_at, settled_at = null, last_error = null
             where engine_command.status = 'FAILED'
            returning id
            """)
        .param("incarnation", engine.incarnation()).param("jobKey", jobKey).param("variables", toJson(variables))
        .param("reference", reference).param("next", relay.firstRetryAt())
        .query(Long.class).optional()
        .orElseGet(() -> jdbc.sql("select id from engine_command where kind = 'COMPLETE_JOB'"
                + " and engine_incarnation = :incarnation and job_key = :jobKey")
            .param("incarnation", engine.incarnation()).param("jobKey", jobKey).query(Long.class).single());
    sendAfterCommit(id);
    return id;
  }

  /**
   * Publishes a message once the caller's transaction commits.
   *
   * @param messageId the engine keeps one message per id while it is buffered; the outbox keeps one per id for good,
   *     so a request repeated with the same id publishes nothing new
   * @return true when newly recorded, false when a message with this id was recorded before
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean publishMessage(String name, String correlationKey, String messageId, Map<String, ?> variables) {
    Long id = jdbc.sql("""
            insert into engine_command (kind, engine_incarnation, message_name, correlation_key, message_id, variables,
                                        reference, next_attempt_at)
            values ('PUBLISH_MESSAGE', :incarnation, :name, :key, :messageId, cast(:variables as jsonb), :messageId,
                    :next)
            on conflict (engine_incarnation, message_id) where kind = 'PUBLISH_MESSAGE' do nothing
            returning id
            """)
        .param("incarnation", engine.incarnation()).param("name", name).param("key", correlationKey)
        .param("messageId", messageId).param("variables", toJson(variables)).param("next", relay.firstRetryAt())
        .query(Long.class).optional().orElse(null);
    if (id == null) {
      return false;
    }
    sendAfterCommit(id);
    return true;
  }

  /**
   * Cancels a process instance once the caller's transaction commits (a case the creditor closed: its process must not
   * contact anyone again). An instance that has ended meanwhile counts as canceled.
   *
   * @return true when newly recorded, false when this instance's cancellation was recorded before
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean cancelInstance(long processInstanceKey, String reference) {
    Long id = jdbc.sql("""
            insert into engine_command (kind, engine_incarnation, instance_key, reference, next_attempt_at)
            values ('CANCEL_INSTANCE', :incarnation, :key, :reference, :next)
            on conflict (engine_incarnation, instance_key) where kind = 'CANCEL_INSTANCE' do nothing
            returning id
            """)
        .param("incarnation", engine.incarnation()).param("key", processInstanceKey).param("reference", reference)
        .param("next", relay.firstRetryAt())
        .query(Long.class).optional().orElse(null);
    if (id == null) {
      return false;
    }
    sendAfterCommit(id);
    return true;
  }

  /** Whether the engine has settled this command (acknowledged it, or it was settled otherwise). */
  public boolean settled(long id) {
    return jdbc.sql("select status not in ('PENDING', 'SENDING') from engine_command where id = :id").param("id", id)
        .query(Boolean.class).optional().orElse(false);
  }

  private void sendAfterCommit(long id) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return; // MANDATORY propagation makes this unreachable; the relay would send it anyway
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        relay.sendNow(id);
      }
    });
  }

  private String toJson(Map<String, ?> variables) {
    try {
      return json.writeValueAsString(variables == null ? Map.of() : variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("engine command variables are not serialisable", e);
    }
  }
}
