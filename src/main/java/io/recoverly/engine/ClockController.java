package io.recoverly.engine;

import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Moves the embedded engine's clock: timers (reminder cadence, promise dates, installments) fire as if time passed. */
@RestController
@RequestMapping("/api/dev/clock")
@Tag(name = "Engine clock", description = "Embedded mode only: read and move the engine clock")
class ClockController {

  private final Engine engine;

  private final ClockMover mover;

  ClockController(Engine engine, ClockMover mover) {
    this.mover = mover;
    this.engine = engine;
  }

  record ClockView(String mode, Instant now) {}

  record AdvanceRequest(@NotBlank String duration) {}

  @GetMapping
  @Operation(summary = "The engine's current time")
  ClockView now() {
    return new ClockView(engine.mode().name().toLowerCase(), engine.now());
  }

  @PostMapping("/advance")
  @Operation(summary = "Move the embedded engine clock forward by an ISO-8601 duration such as P3D or PT4H")
  ClockView advance(@RequestBody @jakarta.validation.Valid AdvanceRequest request) {
    Duration duration = parse(request.duration());
    Instant now = mover.advance(duration);
    return new ClockView(engine.mode().name().toLowerCase(), now);
  }

  private Duration parse(String text) {
    Duration duration;
    try {
      duration = Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      // Duration.parse takes days at most (P3D, PT4H); accept whole days/weeks written as a period (P1W)
      try {
        var period = java.time.Period.parse(text.trim());
        if (period.getMonths() != 0 || period.getYears() != 0) {
          throw badDuration(text, "months and years have no fixed length; use days (P30D)");
        }
        duration = Duration.ofDays(period.getDays());
      } catch (DateTimeParseException e2) {
        throw badDuration(text, "not an ISO-8601 duration such as P3D or PT4H");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw badDuration(text, "the clock only moves forward: give a positive duration");
    }
    // a move is a demo's or a test's: up to a year at a time, and never past the years the application handles
    // (P999999999D moved the clock to the year 2739933 and broke every date the database stores)
    if (duration.compareTo(MAX_MOVE) > 0) {
      throw badDuration(text, "at most " + MAX_MOVE.toDays() + " days per move");
    }
    if (engine.now().plus(duration).isAfter(LATEST)) {
      throw badDuration(text, "the clock would pass " + LATEST + ", beyond the dates the application handles");
    }
    return duration;
  }

  /** The longest single move of the clock. */
  static final Duration MAX_MOVE = Duration.ofDays(366);
  /** The clock never goes past this: dates beyond it are refused as input everywhere (web.InputHygiene). */
  static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

  private static ErrorResponseException badDuration(String text, String why) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Invalid duration", "duration '" + text + "': " + why)
        .field("duration").exception();
  }
}
