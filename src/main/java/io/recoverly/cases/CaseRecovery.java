package io.recoverly.cases;

import io.recoverly.engine.Engine;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restart semantics. An embedded engine starts empty, while the database still holds the open cases: their process
 * instances are gone. At start-up every open case loses its (dead) instance key and gets a {@code PROCESS_LOST}
 * timeline event; {@link CaseProcessLauncher} then re-opens it into a fresh instance before the element of its
 * recorded stage (a case not yet segmented starts from the beginning). Nothing is re-sent that was already done:
 * re-entering a stage starts its cycle from the top, as a person taking over the case would.
 *
 * <p>In cluster mode the cluster keeps its instances and nothing happens here.
 */
@Component
class CaseRecovery implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(CaseRecovery.class);

  private final Engine engine;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  CaseRecovery(Engine engine, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!engine.startedWithEmptyState()) {
      return;
    }
    Integer lost =
        tx.execute(
            status -> {
              jdbc.sql(
                      """
                      insert into case_event (case_id, occurred_at, type, summary, details)
                      select id, :at, 'PROCESS_LOST',
                             'The engine restarted without state; the case is re-opened at stage ' || stage,
                             jsonb_build_object('lostProcessInstanceKey', process_instance_key)
                        from collection_case
                       where status = 'OPEN' and process_instance_key is not null
                      """)
                  .param("at", Timestamp.from(clock.instant()))
                  .update();
              return jdbc.sql(
                      "update collection_case set process_instance_key = null"
                          + " where status = 'OPEN' and process_instance_key is not null")
                  .update();
            });
    if (lost != null && lost > 0) {
      log.info("Embedded engine started empty: {} open cases will be re-opened at their recorded stage", lost);
    }
  }
}
