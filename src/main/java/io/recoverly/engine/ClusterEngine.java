package io.recoverly.engine;

import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An external Camunda 8.8 cluster: it keeps its own state and its own time.
 *
 * <p>One case on this machine is not a real cluster: a node in cluster mode on the gRPC gateway of another node's
 * embedded engine (the two-node test, a developer's second node). That engine records its incarnation and clock
 * offset in {@code engine_clock} while it runs (see {@link EngineClockStore}); a cluster-mode node then shares them, so
 * that job identities (idempotency keys) and business time are the same on every node. Read at most once a second. A
 * real cluster has no such row: its incarnation is {@code cluster} and its time the wall clock.
 */
final class ClusterEngine implements Engine {

  private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

  private final JdbcClient jdbc;
  private volatile Shared shared = new Shared("cluster", Duration.ZERO, 0);

  ClusterEngine(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private record Shared(String incarnation, Duration offset, long readAt) {}

  private Shared shared() {
    Shared current = shared;
    long now = System.nanoTime();
    if (current.readAt() != 0 && now - current.readAt() < REFRESH_NANOS) {
      return current;
    }
    Shared read;
    try {
      read = jdbc.sql("select incarnation, offset_ms from engine_clock where id = 1 and incarnation is not null")
          .query((rs, n) -> new Shared(rs.getString(1), Duration.ofMillis(rs.getLong(2)), now))
          .optional().orElse(new Shared("cluster", Duration.ZERO, now));
    } catch (RuntimeException e) {
      // before the schema exists (start-up) or while the database is away: what was known, asked again in a second
      read = new Shared(current.incarnation(), current.offset(), now);
    }
    shared = read;
    return read;
  }

  @Override
  public EngineMode mode() {
    return EngineMode.CLUSTER;
  }

  @Override
  public String incarnation() {
    return shared().incarnation();
  }

  @Override
  public boolean startedWithEmptyState() {
    return false;
  }

  @Override
  public Duration clockOffset() {
    return shared().offset();
  }

  @Override
  public Instant now() {
    return Instant.now().plus(clockOffset());
  }

  @Override
  public Instant advanceClock(Duration duration) {
    throw new ClockNotControllableException(EngineMode.CLUSTER);
  }
}
