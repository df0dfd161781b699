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
   * Records that the case's process entered a stage, in one transaction with the claim of the case by the instance.
   * The first instance to claim a case owns it. An instance whose start answer was lost (the launcher then leaves the
   * case unclaimed) adopts the case here; a second instance started for a case that already has one is refused.
   *
   * @return false when another instance owns the case (or there is no such case): nothing is recorded, and the caller
   *     cancels this instance (no duplicate contact)
   */
  @Transactional
  boolean enterStage(UUID caseId, long processInstanceKey, CaseStage stage, Strategy strategy, String dedupKey,
      String engineIncarnation) {
    if (!claimInstance(caseId, processInstanceKey, engineIncarnation)) {
      return false;
    }
    if (!timeline.record(caseId, "STAGE_ENTERED", "Entered stage " + stage, Map.of("stage", stage.name()), dedupKey)) {
      return true;
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
    return true;
  }

  private boolean claimInstance(UUID caseId, long processInstanceKey, String engineIncarnation) {
    // the stage and strategy are not changed by this update: returning them gives the case as it stood
    var adopted = jdbc.sql("""
            update collection_case set process_instance_key = :key
             where id = :id and process_instance_key is null and status = 'OPEN'
            returning stage, strategy
            """)
        .param("key", processInstanceKey).param("id", caseId).query().listOfRows();
    if (!adopted.isEmpty()) {
      // usually the launcher records the start a moment later (same dedup key, so once); whoever comes first records
      // it as the launcher would: a case re-opened at a later stage is resumed
      boolean resumed = !"INTAKE".equals(adopted.getFirst().get("stage")) && adopted.getFirst().get("strategy") != null;
      timeline.record(caseId, resumed ? "PROCESS_RESUMED" : "PROCESS_STARTED",
          resumed ? "Process re-opened at stage " + adopted.getFirst().get("stage") : "Process started",
          Map.of("processInstanceKey", processInstanceKey),
          CaseProcessLauncher.startedKey(engineIncarnation, processInstanceKey));
    }
    // a statement of its own (read committed: a fresh snapshot), so that it sees the key the launcher committed while
    // the update above waited for the launcher's row lock. It locks the case row: every change of stage (this one, a
    // dispute raised through the API, a closure) takes the row first, so their stage visits follow one another; a
    // dispute raised while the process entered its first stage deadlocked on the open visit's unique index (found by
    // ApiFuzzTest's fixture: a 500)
    // a closed case (recalled while its instance started) is owned by no instance: this one is canceled
    Long owner = jdbc.sql("select process_instance_key from collection_case where id = :id and status = 'OPEN'"
            + " for no key update")
        .param("id", caseId).query(Long.class).optional().orElse(null);
    return owner != null && owner == processInstanceKey;
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
