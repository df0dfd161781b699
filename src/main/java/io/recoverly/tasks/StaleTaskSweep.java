package io.recoverly.tasks;

import io.recoverly.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An engine that started empty no longer knows the jobs behind the tasks of an earlier run: those tasks can never be
 * completed, so they leave the inboxes at start-up. The re-opened cases create fresh tasks in the new engine.
 */
@Component
class StaleTaskSweep implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(StaleTaskSweep.class);

  private final Engine engine;
  private final JdbcClient jdbc;

  StaleTaskSweep(Engine engine, JdbcClient jdbc) {
    this.engine = engine;
    this.jdbc = jdbc;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!engine.startedWithEmptyState()) {
      return;
    }
    int swept = jdbc.sql("update user_task set state = 'CANCELED' where state = 'OPEN' and engine_incarnation <> :current")
        .param("current", engine.incarnation()).update();
    if (swept > 0) {
      log.info("{} open tasks of the previous engine run left the inboxes; their cases are re-opened", swept);
    }
    // submissions on record whose completion the old engine never acknowledged: done as far as the app is concerned
    // (the re-opened case starts again at its recorded stage); the engine commands themselves are abandoned
    jdbc.sql("update user_task set state = 'COMPLETED' where state = 'COMPLETING' and engine_incarnation <> :current")
        .param("current", engine.incarnation()).update();
  }
}
