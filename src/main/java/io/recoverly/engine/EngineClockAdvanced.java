package io.recoverly.engine;

import java.time.Duration;
import java.time.Instant;

/** Published when someone moves the embedded engine's clock through the API (audited by compliance). */
public record EngineClockAdvanced(Duration by, Instant now) {}
