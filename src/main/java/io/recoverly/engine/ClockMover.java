package io.recoverly.engine;

import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Moves the embedded engine's clock (dev, demo, simulation): the engine fires what fell due, the offset is stored for
 * the other nodes and the next start, and {@link EngineClockAdvanced} tells the app (windows open, the demo works).
 */
@Service
public class ClockMover {

  private final Engine engine;
  private final EngineClockStore store;
  private final ApplicationEventPublisher events;

  ClockMover(Engine engine, EngineClockStore store, ApplicationEventPublisher events) {
    this.engine = engine;
    this.store = store;
    this.events = events;
  }

  /** Moves the clock forward by {@code duration}; the engine's new time. */
  public Instant advance(Duration duration) {
    Instant now = engine.advanceClock(duration);
    store.save();
    events.publishEvent(new EngineClockAdvanced(duration, now));
    return now;
  }
}
