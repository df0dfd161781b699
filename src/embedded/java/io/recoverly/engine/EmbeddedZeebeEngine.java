package io.recoverly.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The real Zeebe engine (stream processor, state, gRPC gateway) running inside this JVM: by default {@link
 * RocksDbZeebeEngine}, or the stock in-memory test engine ({@code recoverly.engine.state=in-memory}). Its state lives
 * only as long as this process: every start is a fresh, empty engine.
 *
 * <p>The engine's clock is the system clock plus an offset that only {@link #advanceClock} moves; {@link #now()}
 * mirrors it so that business time and timer time never disagree.
 */
final class EmbeddedZeebeEngine implements Engine, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedZeebeEngine.class);

  private final ZeebeTestEngine engine;
  private final String store;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final String incarnation = "embedded-" + java.util.UUID.randomUUID();

  EmbeddedZeebeEngine(ZeebeTestEngine engine, int port, String store) {
    this.engine = engine;
    this.store = store;
    try {
      engine.start();
    } catch (RuntimeException e) {
      try {
        engine.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "Could not start the embedded Zeebe engine on gRPC port "
              + port
              + " (is another Recoverly running? choose another port with RECOVERLY_ENGINE_PORT)",
          e);
    }
    log.info("Embedded Zeebe engine started ({} state), gRPC gateway on 127.0.0.1:{}", store, port);
  }

  @Override
  public void onIncident(java.util.function.Consumer<EngineIncident> listener) {
    if (engine instanceof RocksDbZeebeEngine rocks) {
      rocks.onIncident(listener);
    }
  }

  /** The state store in use: rocksdb or in-memory. */
  String store() {
    return store;
  }

  @Override
  public EngineMode mode() {
    return EngineMode.EMBEDDED;
  }

  @Override
  public String incarnation() {
    return incarnation;
  }

  @Override
  public boolean startedWithEmptyState() {
    return true;
  }

  @Override
  public Duration clockOffset() {
    return offset.get();
  }

  @Override
  public Instant now() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public synchronized Instant advanceClock(Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    offset.updateAndGet(current -> current.plus(duration));
    engine.increaseTime(duration);
    log.info("Engine clock advanced by {} to {}", duration, now());
    return now();
  }

  @Override
  public void destroy() {
    engine.stop();
    log.info("Embedded Zeebe engine stopped");
  }
}
