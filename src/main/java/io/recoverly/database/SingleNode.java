package io.recoverly.database;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a scheduled round on one app node at a time: the round runs in a transaction that holds a PostgreSQL advisory
 * lock named after the job ({@code pg_try_advisory_xact_lock}); a node that finds the lock taken skips its round
 * (another node is doing the same work now). The lock goes with the transaction: a node that dies mid-round releases
 * it with its connection, and nothing is left to expire.
 */
@Component
public class SingleNode {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  SingleNode(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Runs the round unless another node is running the same job now.
   *
   * @return the round's result, or {@code otherwise} when it was skipped
   */
  public <T> T runAlone(String job, Supplier<T> round, T otherwise) {
    return tx.execute(status -> {
      boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(hashtext(:job))").param("job", "recoverly:" + job)
          .query(Boolean.class).single();
      return mine ? round.get() : otherwise;
    });
  }
}
