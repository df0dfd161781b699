package io.recoverly.cases;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverly.engine.Engine;
import io.recoverly.engine.EngineIncident;
import io.recoverly.engine.EngineJobs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes incidents visible, one path in both modes: a worker's last failed retry (published by the node whose worker
 * failed it) and the embedded engine's feed (expressions, decisions, and the same job incidents with their keys) both
 * land here. Each incident is one {@code engine_incident} row (a job's incident is the same row from both sources),
 * one {@code INCIDENT} event on its case's timeline (the dashboard's incidents tile counts those), one increment of
 * {@code recoverly_engine_incidents_total}, and a warning in the log. A supervisor may retry it from the app.
 */
@Service
public class CaseIncidents {

  private static final Logger log = LoggerFactory.getLogger(CaseIncidents.class);

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Counter incidents;
  private final Engine engine;
  private final EngineJobs jobs;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher events;

  CaseIncidents(Engine engine, JdbcClient jdbc, CaseTimeline timeline, MeterRegistry meters, EngineJobs jobs,
      Clock clock, TransactionTemplate tx, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.engine = engine;
    this.jobs = jobs;
    this.clock = clock;
    this.tx = tx;
    this.events = events;
    this.incidents = Counter.builder("recoverly.engine.incidents").description("Incidents raised by the engine")
        .register(meters);
    engine.onIncident(this::record);
  }

  /** An incident as the app shows it. */
  public record Incident(UUID id, UUID caseId, String accountRef, String elementId, String jobType, String errorType,
      String errorMessage, String source, String state, Instant raisedAt, Instant resolvedAt, String resolvedBy) {}

  @EventListener
  void onWorkerIncident(EngineIncident incident) {
    record(incident);
  }

  void record(EngineIncident incident) {
    Boolean created = tx.execute(status -> store(incident));
    if (Boolean.TRUE.equals(created)) {
      incidents.increment();
    }
  }

  private boolean store(EngineIncident incident) {
    Optional<UUID> caseId = caseOf(incident);
    String incarnation = engine.incarnation();
    UUID id = UUID.randomUUID();
    Long jobKey = incident.jobKey() > 0 ? incident.jobKey() : null;
    Long incidentKey = incident.incidentKey() > 0 ? incident.incidentKey() : null;
    // a job's incident is one row whoever saw it first; the feed adds the incident key to a worker's row
    // true when inserted (xmax = 0), false when an existing row was updated, absent when nothing changed
    boolean created = jdbc.sql(jobKey != null ? """
            insert into engine_incident (id, engine_incarnation, job_key, incident_key, case_id, process_instance_key,
                                         bpmn_process_id, element_id, job_type, error_type, error_message, source,
                                         raised_at)
            values (:id, :incarnation, :jobKey, :incidentKey, :caseId, :instance, :process, :element, :jobType,
                    :errorType, :message, :source, :at)
            on conflict (engine_incarnation, job_key) where job_key is not null do update
               set incident_key = coalesce(engine_incident.incident_key, excluded.incident_key),
                   job_type = coalesce(engine_incident.job_type, excluded.job_type),
                   state = case when engine_incident.state = 'RESOLVED' and excluded.incident_key is not null
                                 and engine_incident.incident_key is distinct from excluded.incident_key
                                then 'OPEN' else engine_incident.state end
            returning (xmax = 0)
            """ : """
            insert into engine_incident (id, engine_incarnation, job_key, incident_key, case_id, process_instance_key,
                                         bpmn_process_id, element_id, job_type, error_type, error_message, source,
                                         raised_at)
            values (:id, :incarnation, :jobKey, :incidentKey, :caseId, :instance, :process, :element, :jobType,
                    :errorType, :message, :source, :at)
            on conflict do nothing
            returning (xmax = 0)
            """)
        .param("id", id).param("incarnation", incarnation).param("jobKey", jobKey).param("incidentKey", incidentKey)
        .param("caseId", caseId.orElse(null)).param("instance", incident.processInstanceKey())
        .param("process", incident.bpmnProcessId()).param("element", incident.elementId())
        .param("jobType", incident.jobType()).param("errorType", incident.errorType())
        .param("message", incident.errorMessage()).param("source", incident.source().name())
        .param("at", Timestamp.from(clock.instant()))
        .query(Boolean.class).optional().orElse(false);
    if (!created) {
      return false;
    }
    log.warn("Incident in {} at {} ({}): {}{}", incident.bpmnProcessId(), incident.elementId(),
        incident.errorType(), incident.errorMessage(), caseId.map(c -> " [case " + c + "]").orElse(""));
    caseId.ifPresent(c -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("incidentId", id.toString());
      details.put("process", incident.bpmnProcessId());
      details.put("elementId", incident.elementId());
      details.put("errorType", incident.errorType());
      details.put("errorMessage", incident.errorMessage());
      details.put("processInstanceKey", incident.processInstanceKey());
      timeline.record(c, "INCIDENT", "The process is stuck at " + incident.elementId() + ": " + incident.errorType(),
          details, "incident:" + id);
    });
    return true;
  }

  private Optional<UUID> caseOf(EngineIncident incident) {
    if (incident.caseId() != null) {
      try {
        UUID id = UUID.fromString(incident.caseId());
        if (jdbc.sql("select exists (select 1 from collection_case where id = :id)").param("id", id)
            .query(Boolean.class).single()) {
          return Optional.of(id);
        }
      } catch (IllegalArgumentException e) {
        // not a case id: found by the instance below
      }
    }
    long instance = incident.rootProcessInstanceKey() > 0 ? incident.rootProcessInstanceKey()
        : incident.processInstanceKey();
    return jdbc.sql("select id from collection_case where process_instance_key = :key order by opened_at desc limit 1")
        .param("key", instance).query(UUID.class).optional();
  }

  /** Open incidents (or all), newest first. */
  public List<Incident> list(boolean openOnly, int limit) {
    return jdbc.sql("""
            select i.id, i.case_id, a.account_ref, i.element_id, i.job_type, i.error_type, i.error_message, i.source,
                   i.state, i.raised_at, i.resolved_at, i.resolved_by
              from engine_incident i
              left join collection_case c on c.id = i.case_id
              left join account a on a.id = c.account_id
             where (not :open or i.state = 'OPEN')
             order by i.raised_at desc, i.id limit :limit
            """)
        .param("open", openOnly).param("limit", Math.max(1, Math.min(limit, 500)))
        .query((rs, n) -> new Incident(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            rs.getTimestamp(10).toInstant(),
            rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getString(12)))
        .list();
  }

  /** Open incidents now (the dashboard's and the gauge's figure). */
  public long openCount() {
    return jdbc.sql("select count(*) from engine_incident where state = 'OPEN'").query(Long.class).single();
  }

  /** The outcome of a retry. */
  public record RetryOutcome(Incident incident, boolean resolved, String detail) {}

  /**
   * Retries an open incident: the job gets its retries back and the incident is resolved in the engine, then the row
   * is RESOLVED, on the case's timeline and in the audit trail (by the person signed in). Two supervisors retrying at
   * once: the second finds it resolved.
   *
   * @throws IncidentNotFound when there is no such incident of this engine
   * @throws IncidentNotOpen when it was resolved already
   */
  public RetryOutcome retry(UUID id, String by) {
    var row = jdbc.sql("""
            select job_key, incident_key, state, case_id, engine_incarnation, element_id
              from engine_incident where id = :id
            """)
        .param("id", id)
        .query((rs, n) -> new Object[] {rs.getObject(1), rs.getObject(2), rs.getString(3), rs.getObject(4, UUID.class),
            rs.getString(5), rs.getString(6)})
        .optional().orElseThrow(IncidentNotFound::new);
    if (!"OPEN".equals(row[2])) {
      throw new IncidentNotOpen();
    }
    if (!engine.incarnation().equals(row[4])) {
      throw new IncidentNotOpen();
    }
    long jobKey = row[0] == null ? 0 : ((Number) row[0]).longValue();
    long incidentKey = row[1] == null ? 0 : ((Number) row[1]).longValue();
    // the engine first (a retry cannot be staged: the supervisor waits for its outcome), then the record
    EngineJobs.Retried retried = jobs.retry(jobKey, incidentKey, 3);
    UUID caseId = (UUID) row[3];
    tx.executeWithoutResult(status -> {
      if (retried.incidentResolved()) {
        jdbc.sql("update engine_incident set state = 'RESOLVED', resolved_at = :at, resolved_by = :by"
                + " where id = :id and state = 'OPEN'")
            .param("at", Timestamp.from(clock.instant())).param("by", by).param("id", id).update();
      }
      Map<String, Object> details = Map.of("incidentId", id.toString(), "elementId", String.valueOf(row[5]),
          "resolved", retried.incidentResolved(), "detail", retried.detail());
      if (caseId != null) {
        timeline.record(caseId, "INCIDENT_RETRIED", "Incident at " + row[5] + " retried by " + by
            + (retried.incidentResolved() ? "" : " (" + retried.detail() + ")"), details, null);
      }
      events.publishEvent(new IncidentRetried(id, caseId, by, retried.incidentResolved(), retried.detail()));
    });
    Incident incident = list(false, 500).stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    return new RetryOutcome(incident, retried.incidentResolved(), retried.detail());
  }

  /** An incident was retried by a person (the audit trail records it). */
  public record IncidentRetried(UUID incidentId, UUID caseId, String by, boolean resolved, String detail) {}

  /** No such incident. */
  public static class IncidentNotFound extends RuntimeException {}

  /** The incident is not open (resolved already, or of an engine run that is gone). */
  public static class IncidentNotOpen extends RuntimeException {}
}
