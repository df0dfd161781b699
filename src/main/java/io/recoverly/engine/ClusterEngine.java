package io.recoverly.engine;

import java.time.Duration;
import java.time.Instant;

/** An external Camunda 8.8 cluster: it keeps its own state and its own time. */
final class ClusterEngine implements Engine {

  @Override
  public EngineMode mode() {
    return EngineMode.CLUSTER;
  }

  @Override
  public String incarnation() {
    return "cluster";
  }

  @Override
  public boolean startedWithEmptyState() {
    return false;
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Instant advanceClock(Duration duration) {
    throw new ClockNotControllableException(EngineMode.CLUSTER);
  }
}
