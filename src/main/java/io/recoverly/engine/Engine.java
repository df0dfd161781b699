package io.recoverly.engine;

import java.time.Duration;
import java.time.Instant;

/** What the rest of the application may know about the engine it runs on. */
public interface Engine {

  EngineMode mode();

  /**
   * True when this process started the engine with no state: process instances created before the restart are gone
   * and open cases must be re-opened into fresh instances. Always false in cluster mode, where the cluster keeps its
   * state.
   */
  boolean startedWithEmptyState();

  /**
   * Identifies this engine's key space. Engine keys (jobs, instances) are unique within one incarnation; an embedded
   * engine that starts empty hands out the same keys again, so anything that dedups by key must qualify it with this.
   */
  String incarnation();

  /** A key for idempotent side effects of one job: unique across engine restarts. */
  default String jobIdentity(long jobKey) {
    return incarnation() + ":" + jobKey;
  }

  /**
   * Registers a listener for incidents as the engine raises them. The embedded RocksDB engine reads them from its log;
   * the stock in-memory engine and a cluster offer no feed (in cluster mode Operate shows incidents).
   */
  default void onIncident(java.util.function.Consumer<EngineIncident> listener) {}

  /** How far the engine clock runs ahead of real time (zero in cluster mode). */
  default java.time.Duration clockOffset() {
    return java.time.Duration.ZERO;
  }

  /** The engine's current time (timers fire against it). */
  Instant now();

  /**
   * Moves the engine clock forward; due timers fire.
   *
   * @throws ClockNotControllableException in cluster mode
   * @throws IllegalArgumentException when the duration is not positive
   */
  Instant advanceClock(Duration duration);
}
