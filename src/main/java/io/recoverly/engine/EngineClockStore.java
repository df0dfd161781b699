package io.recoverly.engine;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded engine's clock offset in the database: moved time survives a restart, so business time (DPD,
 * promise dates, timers of re-opened cases) never jumps back. Restored before any case is re-opened.
 */
@Component
class EngineClockStore implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(EngineClockStore.class);

  private final Engine engine;
  private final JdbcClient jdbc;

  EngineClockStore(Engine engine, JdbcClient jdbc) {
    this.engine = engine;
    this.jdbc = jdbc;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (engine.mode() != EngineMode.EMBEDDED) {
      return;
    }
    long stored = jdbc.sql("select offset_ms from engine_clock where id = 1").query(Long.class).optional().orElse(0L);
    Duration missing = Duration.ofMillis(stored).minus(engine.clockOffset());
    if (missing.isPositive()) {
      engine.advanceClock(missing);
      log.info("Engine clock restored {} ahead of real time", Duration.ofMillis(stored));
    }
  }

  /** Records the engine's current offset after a move. */
  void save() {
    jdbc.sql("insert into engine_clock (id, offset_ms) values (1, :ms)"
            + " on conflict (id) do update set offset_ms = excluded.offset_ms")
        .param("ms", engine.clockOffset().toMillis())
        .update();
  }
}
