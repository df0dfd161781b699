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
class EngineClockStore implements SmartInitializingSingleton, org.springframework.beans.factory.DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EngineClockStore.class);

  private final Engine engine;
  private final JdbcClient jdbc;
  private final EngineProperties properties;

  EngineClockStore(Engine engine, JdbcClient jdbc, EngineProperties properties) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (engine.mode() != EngineMode.EMBEDDED) {
      return;
    }
    // a cluster-mode node on this engine's gateway shares its key space and its time (see ClusterEngine)
    jdbc.sql("insert into engine_clock (id, offset_ms, incarnation) values (1, 0, :incarnation)"
            + " on conflict (id) do update set incarnation = excluded.incarnation")
        .param("incarnation", engine.incarnation()).update();
    long stored = jdbc.sql("select offset_ms from engine_clock where id = 1").query(Long.class).optional().orElse(0L);
    Duration missing = Duration.ofMillis(stored).minus(engine.clockOffset());
    if (missing.isPositive()) {
      engine.advanceClock(missing);
      log.info("Engine clock restored {} ahead of real time", Duration.ofMillis(stored));
    }
    if (properties.clockStart() != null && properties.clockStart().isAfter(engine.now())) {
      engine.advanceClock(Duration.between(engine.now(), properties.clockStart()));
      save();
      log.info("Engine clock moved to its configured start {}", properties.clockStart());
    }
  }

  @Override
  public void destroy() {
    if (engine.mode() == EngineMode.EMBEDDED) {
      try {
        jdbc.sql("update engine_clock set incarnation = null where id = 1 and incarnation = :incarnation")
            .param("incarnation", engine.incarnation()).update();
      } catch (RuntimeException e) {
        log.debug("engine incarnation not cleared: {}", e.toString());
      }
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
