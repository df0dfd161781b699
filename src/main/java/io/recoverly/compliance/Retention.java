package io.recoverly.compliance;

import io.recoverly.cases.Cases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Data protection: the personal data of debtors whose cases closed more than {@code recoverly.retention.closed-case-days}
 * ago (engine time) is erased, in batches, every hour. Each erasure is on the case's timeline and in the audit trail.
 * The records rule comes first: a US debt collector keeps the records of a debt for 3 years after its last collection
 * activity (12 CFR 1006.100(a)), so a US debtor's data stays until the last event on each of their cases is 3 years
 * old, whatever the configured period says.
 */
@Component
public class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final Cases cases;
  private final Clock clock;
  private final Duration keep;

  private final io.recoverly.database.SingleNode singleNode;

  /** How long after a debt's last collection activity its records are kept, per jurisdiction (12 CFR 1006.100). */
  static final java.util.Map<String, java.time.Period> RECORDS_KEPT = java.util.Map.of("US",
      java.time.Period.ofYears(3));

  Retention(Cases cases, Clock clock, @Value("${recoverly.retention.closed-case-days:2555}") int days,
      io.recoverly.database.SingleNode singleNode) {
    this.singleNode = singleNode;
    if (days < 1) {
      throw new IllegalStateException("recoverly.retention.closed-case-days must be at least 1, was " + days);
    }
    this.cases = cases;
    this.clock = clock;
    this.keep = Duration.ofDays(days);
  }

  /** Erases what is due now; returns the cases whose debtor data was erased. */
  public List<UUID> eraseExpired() {
    java.time.Instant now = clock.instant();
    java.util.Map<String, java.time.Instant> records = new java.util.HashMap<>();
    RECORDS_KEPT.forEach((jurisdiction, years) -> records.put(jurisdiction,
        now.atZone(java.time.ZoneOffset.UTC).minus(years).toInstant()));
    List<UUID> erased = cases.erasePersonalData(now.minus(keep), records, 500);
    if (!erased.isEmpty()) {
      log.info("Retention: erased the personal data of {} closed cases", erased.size());
    }
    return erased;
  }

  @Scheduled(fixedDelayString = "${recoverly.retention.interval:PT1H}", initialDelayString = "PT1M")
  void sweep() {
    // one node at a time: two would erase the same debtors and record each erasure twice
    singleNode.runAlone("retention", this::eraseExpired, List.of());
  }
}
