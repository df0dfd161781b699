package io.recoverly.cases;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stage changes and closure of a case, as the process reports them. Idempotent: a redelivered job changes nothing. */
@Service
class CaseLifecycle {

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  CaseLifecycle(JdbcClient jdbc, CaseTimeline timeline, Clock clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
    this.events = events;
  }

  record Strategy(String strategy, String firstChannel, String cadence) {}

  /**
   * The first instance to claim a case owns it. An instance whose start answer was lost (the launcher then leaves the
   * case unclaimed) adopts the case here; a second instance started for a case that already has one is refused.
   *
   * @return false when another instance owns the case: the caller cancels this one (no duplicate contact)
   */
  @Transactional
  boolean claimInstance(UUID caseId, long processInstanceKey) {
    int adopted = jdbc.sql("""
            update collection_case set process_instance_key = :key
             where id = :id and process_instance_key is null and status = 'OPEN'
            """)
        .param("key", processInstanceKey).param("id", caseId).update();
    if (adopted == 1) {
      timeline.record(caseId, "PROCESS_STARTED", "Process started (its start answer was lost; the instance claimed"
          + " the case)", Map.of("processInstanceKey", processInstanceKey), null);
    }
    Long owner = jdbc.sql("select process_instance_key from collection_case where id = :id").param("id", caseId)
        .query(Long.class).optional().orElse(null);
    return owner != null && owner == processInstanceKey;
  }

  @Transactional
  void enterStage(UUID caseId, CaseStage stage, Strategy strategy, String dedupKey) {
    requireExists(caseId);
    if (!timeline.record(caseId, "STAGE_ENTERED", "Entered stage " + stage, Map.of("stage", stage.name()), dedupKey)) {
      return;
    }
    jdbc.sql(
            """
            update collection_case
               set stage = :stage,
                   strategy = coalesce(:strategy, strategy),
                   first_channel = coalesce(:channel, first_channel),
                   cadence = coalesce(:cadence, cadence)
             where id = :id
            """)
        .param("stage", stage.name())
        .param("strategy", strategy == null ? null : strategy.strategy())
        .param("channel", strategy == null ? null : strategy.firstChannel())
        .param("cadence", strategy == null ? null : strategy.cadence())
        .param("id", caseId)
        .update();
  }

  @Transactional
  void close(UUID caseId, String outcome, String dedupKey) {
    int closed =
        jdbc.sql(
                """
                update collection_case
                   set status = 'CLOSED', stage = 'CLOSED', outcome = :outcome, closed_at = :at
                 where id = :id and status = 'OPEN'
                """)
            .param("outcome", outcome)
            .param("at", Timestamp.from(clock.instant()))
            .param("id", caseId)
            .update();
    if (closed == 1) {
      Map<String, Object> details = new HashMap<>();
      details.put("outcome", outcome);
      timeline.record(caseId, "CASE_CLOSED", "Case closed: " + outcome, details, dedupKey);
      events.publishEvent(new CaseClosed(caseId, outcome));
    } else {
      requireExists(caseId);
    }
  }

  private void requireExists(UUID caseId) {
    boolean exists =
        jdbc.sql("select count(*) from collection_case where id = :id").param("id", caseId).query(Long.class).single()
            > 0;
    if (!exists) {
      throw new CaseNotFoundException(caseId);
    }
  }
}
