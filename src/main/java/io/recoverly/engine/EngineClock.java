package io.recoverly.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Business time: a {@link Clock} that follows the engine's clock, so that moving engine time moves business time. */
final class EngineClock extends Clock {

  private final Engine engine;
  private final ZoneId zone;

  EngineClock(Engine engine, ZoneId zone) {
    this.engine = engine;
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new EngineClock(engine, zone);
  }

  @Override
  public Instant instant() {
    return engine.now();
  }

  static EngineClock utc(Engine engine) {
    return new EngineClock(engine, ZoneOffset.UTC);
  }
}
