package io.recoverly.cases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds stuck cases: open, with a process instance, and yet nothing will move them. No task waits for a person, no
 * timer lies ahead (the last one the process set is more than {@value #OVERDUE_MINUTES} minutes past on the engine
 * clock, or it set none), and no command of theirs is on its way to the engine. A case must look so on two rounds at
 * least {@code grace} apart (wall clock) before it is called stuck, so that one in passing between two steps is not;
 * then it gets a {@code CASE_STUCK} event on its timeline, the log says so, the dashboard counts it and
 * {@code recoverly_cases_stuck} gauges it. A case that moves again is cleared.
 *
 * <p>Safe with several app nodes: each round is a few statements, and a case is flagged by the one update that sets
 * {@code stuck_at}.
 */
@Component
class CaseWatchdog {

  static final int OVERDUE_MINUTES = 60;
  private static final Logger log = LoggerFactory.getLogger(CaseWatchdog.class);

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final Duration grace;

  private final io.recoverly.database.SingleNode singleNode;

  CaseWatchdog(JdbcClient jdbc, CaseTimeline timeline, Clock clock, MeterRegistry meters,
      @Value("${recoverly.watchdog.grace:PT2M}") Duration grace, io.recoverly.database.SingleNode singleNode) {
    this.singleNode = singleNode;
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
    this.grace = grace;
    Gauge.builder("recoverly.cases.stuck", this, CaseWatchdog::stuckNow)
        .description("Open cases with no task, no timer ahead and nothing on its way to the engine").register(meters);
  }

  /** The cases that look stuck now (the candidates), as a SQL condition on collection_case c. */
  private static final String CANDIDATE = """
      c.status = 'OPEN' and c.process_instance_key is not null
        and (c.next_activity_at is null or c.next_activity_at < :overdue)
        and not exists (select 1 from user_task t where t.case_id = c.id and t.state in ('OPEN', 'COMPLETING')
                          and not t.outlives_case)
        and not exists (select 1 from engine_command e where e.correlation_key = c.id::text
                          and e.status in ('PENDING', 'SENDING'))
      """;

  @Scheduled(fixedDelayString = "${recoverly.watchdog.interval:PT1M}", initialDelayString = "PT30S")
  void watch() {
    try {
      // one node at a time: two would flag the same case twice
      singleNode.runAlone("case-watchdog", this::round, List.of());
    } catch (RuntimeException e) {
      log.warn("Stuck-case watch failed; retrying on the next round: {}", e.toString());
    }
  }

  /** One round: suspect, clear, flag. */
  List<UUID> round() {
    Timestamp overdue = Timestamp.from(clock.instant().minus(Duration.ofMinutes(OVERDUE_MINUTES)));
    jdbc.sql("update collection_case c set stuck_suspected_at = clock_timestamp() where stuck_suspected_at is null and "
        + CANDIDATE).param("overdue", overdue).update();
    jdbc.sql("update collection_case c set stuck_suspected_at = null, stuck_at = null"
            + " where (c.stuck_suspected_at is not null or c.stuck_at is not null) and not (" + CANDIDATE + ")")
        .param("overdue", overdue).update();
    List<UUID> flagged = jdbc.sql("update collection_case c set stuck_at = clock_timestamp()"
            + " where stuck_at is null and stuck_suspected_at < clock_timestamp() - cast(:grace as interval) and "
            + CANDIDATE + " returning c.id")
        .param("overdue", overdue).param("grace", grace.toSeconds() + " seconds").query(UUID.class).list();
    for (UUID caseId : flagged) {
      log.warn("Case {} is stuck: its process has no task for a person, no timer ahead and nothing on its way",
          caseId);
      timeline.record(caseId, "CASE_STUCK", "Stuck: no task for a person, no timer ahead and nothing on its way to"
              + " the engine; a supervisor must look at the case's process",
          Map.of("reason", "no task, no timer, no pending command"), null);
    }
    return flagged;
  }

  private double stuckNow() {
    return jdbc.sql("select count(*) from collection_case where stuck_at is not null and status = 'OPEN'")
        .query(Long.class).single();
  }
}
