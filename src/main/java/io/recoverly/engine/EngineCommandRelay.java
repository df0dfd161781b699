package io.recoverly.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the commands of {@link EngineCommands} to the engine until it acknowledges them. Safe with several app nodes:
 * a command is claimed before it is sent ({@code for update skip locked}, committed with a lease), and a claim whose
 * node died runs out and is taken again. Sending twice is harmless (the engine answers NOT_FOUND or ALREADY_EXISTS,
 * which settle the command as done). Failures the engine may recover from (unavailable, deadline, overload) are
 * retried with a growing backoff for as long as it takes; a command the engine refuses for good is FAILED and logged.
 *
 * <p>Times are the database's wall clock, not the engine clock: a lease or a backoff is about real waiting.
 */
@Component
class EngineCommandRelay implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(EngineCommandRelay.class);
  /** After this many attempts a command the engine keeps rejecting (not just failing to answer) is given up. */
  static final int MAX_REJECTED_ATTEMPTS = 10;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final JdbcClient jdbc;
  private final CamundaClient client;
  private final Engine engine;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Duration lease;
  private final Duration requestTimeout;
  private final Duration fastTimeout;
  private final int batch;

  EngineCommandRelay(JdbcClient jdbc, CamundaClient client, Engine engine,
      ApplicationEventPublisher events, PlatformTransactionManager transactions,
      @Value("${recoverly.engine.commands.lease:PT1M}") Duration lease,
      @Value("${recoverly.engine.commands.request-timeout:PT20S}") Duration requestTimeout,
      @Value("${recoverly.engine.commands.fast-timeout:PT5S}") Duration fastTimeout,
      @Value("${recoverly.engine.commands.batch:100}") int batch) {
    this.jdbc = jdbc;
    this.client = client;
    this.engine = engine;
    this.events = events;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.lease = lease;
    this.requestTimeout = requestTimeout;
    this.fastTimeout = fastTimeout;
    this.batch = batch;
  }

  /** A claimed command. */
  record Command(long id, String kind, long jobKey, String messageName, String correlationKey, String messageId,
      String variables, String reference, int attempts, long instanceKey) {}

  /**
   * When the relay may take a new command over: the caller's own attempt right after its commit has a lease's time
   * (a node that died between its commit and that attempt leaves the command to the relay then).
   */
  java.sql.Timestamp firstRetryAt() {
    return java.sql.Timestamp.from(java.time.Instant.now().plus(lease));
  }

  /**
   * Sends one command right after its transaction committed, unless another node or the relay holds it. The request
   * that caused it waits at most the fast timeout: a slow engine leaves the command to the relay, not the caller.
   */
  void sendNow(long id) {
    try {
      claimOne(id).ifPresent(command -> send(command, fastTimeout));
    } catch (RuntimeException e) {
      // the relay sends it; the caller's request has committed and must not fail for this
      log.warn("Engine command {} not sent yet; the relay retries it: {}", id, e.toString());
    }
  }

  @Scheduled(fixedDelayString = "${recoverly.engine.commands.interval:PT1S}", initialDelayString = "PT1S")
  void relay() {
    List<Command> claimed;
    try {
      while (!(claimed = claimDue()).isEmpty()) {
        claimed.forEach(command -> send(command, requestTimeout));
        if (claimed.size() < batch) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Engine command relay round failed; retrying on the next tick: {}", e.toString());
    }
  }

  /**
   * An engine that started empty no longer knows the jobs and instances of an earlier run: their commands are
   * abandoned (the re-opened cases start again at their recorded stage), and whoever waited for them is told.
   */
  @Override
  public void afterSingletonsInstantiated() {
    if (!engine.startedWithEmptyState()) {
      return;
    }
    tx.executeWithoutResult(status -> {
      List<EngineCommandSettled> abandoned = jdbc.sql("""
              update engine_command set status = 'ABANDONED', outcome = 'ABANDONED', settled_at = clock_timestamp()
               where status in ('PENDING', 'SENDING') and engine_incarnation <> :current
              returning id, kind, reference
              """)
          .param("current", engine.incarnation())
          .query((rs, n) -> new EngineCommandSettled(rs.getLong(1), rs.getString(2), rs.getString(3), "ABANDONED",
              "the embedded engine restarted empty"))
          .list();
      abandoned.forEach(events::publishEvent);
      if (!abandoned.isEmpty()) {
        log.info("{} engine commands of the previous engine run abandoned; their cases are re-opened",
            abandoned.size());
      }
    });
  }

  private Optional<Command> claimOne(long id) {
    return tx.execute(status -> jdbc.sql("""
            update engine_command set status = 'SENDING', attempts = attempts + 1,
                                      next_attempt_at = clock_timestamp() + cast(:lease as interval)
             where id = :id and status = 'PENDING'
            returning *
            """)
        .param("id", id).param("lease", lease.toSeconds() + " seconds").query((rs, n) -> command(rs)).optional());
  }

  /** Claims due commands (and those whose claimer's lease ran out); committed at once. */
  List<Command> claimDue() {
    return tx.execute(status -> jdbc.sql("""
            update engine_command set status = 'SENDING', attempts = attempts + 1,
                                      next_attempt_at = clock_timestamp() + cast(:lease as interval)
             where id in (select id from engine_command
                           where status in ('PENDING', 'SENDING') and next_attempt_at <= clock_timestamp()
                             and engine_incarnation = :incarnation
                           order by next_attempt_at limit :batch for update skip locked)
            returning *
            """)
        .param("lease", lease.toSeconds() + " seconds").param("incarnation", engine.incarnation())
        .param("batch", batch).query((rs, n) -> command(rs)).list());
  }

  private void send(Command command, Duration timeout) {
    String outcome;
    String error = null;
    try {
      if ("COMPLETE_JOB".equals(command.kind())) {
        client.newCompleteCommand(command.jobKey()).variables(command.variables()).requestTimeout(timeout)
            .send().join();
      } else if ("CANCEL_INSTANCE".equals(command.kind())) {
        client.newCancelInstanceCommand(command.instanceKey()).requestTimeout(timeout).send().join();
      } else {
        client.newPublishMessageCommand().messageName(command.messageName())
            .correlationKey(command.correlationKey()).messageId(command.messageId())
            .timeToLive(EngineCommands.MESSAGE_TIME_TO_LIVE).variables(command.variables())
            .requestTimeout(timeout).send().join();
      }
      outcome = "ACKNOWLEDGED";
    } catch (ClientStatusException | CompletionException e) {
      error = e.getMessage();
      if (("COMPLETE_JOB".equals(command.kind()) || "CANCEL_INSTANCE".equals(command.kind()))
          && EngineErrors.hasStatus(e, Status.Code.NOT_FOUND)) {
        // the job was completed before, or the instance has ended (or was canceled before): done either way
        outcome = "NOT_FOUND";
      } else if ("PUBLISH_MESSAGE".equals(command.kind())
          && EngineErrors.hasStatus(e, Status.Code.ALREADY_EXISTS)) {
        outcome = "ALREADY_EXISTS";
      } else if (rejected(e) && (EngineErrors.hasStatus(e, Status.Code.INVALID_ARGUMENT)
          || command.attempts() >= MAX_REJECTED_ATTEMPTS)) {
        outcome = "REFUSED";
        log.error("The engine refuses {} {} ({}) for good: {}", command.kind(), command.id(), command.reference(),
            error);
      } else {
        retryLater(command, error);
        return;
      }
    } catch (RuntimeException e) {
      retryLater(command, e.toString());
      return;
    }
    settle(command, outcome, error);
  }

  /** The engine answered and said no (as opposed to not answering, or being overloaded). */
  private static boolean rejected(Throwable e) {
    return EngineErrors.hasStatus(e, Status.Code.INVALID_ARGUMENT)
        || EngineErrors.hasStatus(e, Status.Code.FAILED_PRECONDITION)
        || EngineErrors.hasStatus(e, Status.Code.PERMISSION_DENIED);
  }

  private void retryLater(Command command, String error) {
    long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(command.attempts(), 16));
    jdbc.sql("""
            update engine_command set status = 'PENDING', last_error = :error,
                                      next_attempt_at = clock_timestamp() + cast(:backoff as interval)
             where id = :id and status = 'SENDING' and attempts = :attempts
            """)
        .param("error", abbreviate(error)).param("backoff", seconds + " seconds").param("id", command.id())
        .param("attempts", command.attempts()).update();
    log.warn("Engine command {} {} ({}) not acknowledged (attempt {}); retrying in {} s: {}", command.kind(),
        command.id(), command.reference(), command.attempts(), seconds, abbreviate(error));
  }

  /** Settles the command and tells whoever waits for it, in one transaction. */
  private void settle(Command command, String outcome, String error) {
    tx.executeWithoutResult(status -> {
      int rows = jdbc.sql("""
              update engine_command set status = :status, outcome = :outcome, settled_at = clock_timestamp(),
                                        last_error = :error
               where id = :id and status = 'SENDING' and attempts = :attempts
              """)
          .param("status", "REFUSED".equals(outcome) ? "FAILED" : "DONE").param("outcome", outcome)
          .param("error", abbreviate(error)).param("id", command.id()).param("attempts", command.attempts())
          .update();
      if (rows == 1) {
        events.publishEvent(new EngineCommandSettled(command.id(), command.kind(), command.reference(), outcome,
            abbreviate(error)));
      }
    });
  }

  private Command command(java.sql.ResultSet rs) throws java.sql.SQLException {
    // sent as the JSON text it was stored as: amounts keep every digit they were recorded with
    String variables = rs.getString("variables");
    return new Command(rs.getLong("id"), rs.getString("kind"), rs.getLong("job_key"), rs.getString("message_name"),
        rs.getString("correlation_key"), rs.getString("message_id"), variables == null ? "{}" : variables,
        rs.getString("reference"),
        rs.getInt("attempts"), rs.getLong("instance_key"));
  }

  private static String abbreviate(String text) {
    return text == null ? null : text.length() <= 500 ? text : text.substring(0, 500);
  }
}
