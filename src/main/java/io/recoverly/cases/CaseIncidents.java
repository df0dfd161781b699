package io.recoverly.cases;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverly.engine.Engine;
import io.recoverly.engine.EngineIncident;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes engine incidents visible: a case whose process is stuck gets an {@code INCIDENT} event on its timeline naming
 * the step and the error, the log says so, and {@code recoverly_engine_incidents_total} counts them.
 */
@Component
class CaseIncidents {

  private static final Logger log = LoggerFactory.getLogger(CaseIncidents.class);

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Counter incidents;

  CaseIncidents(Engine engine, JdbcClient jdbc, CaseTimeline timeline, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.incidents = Counter.builder("recoverly.engine.incidents").description("Incidents raised by the engine")
        .register(meters);
    engine.onIncident(this::record);
  }

  void record(EngineIncident incident) {
    incidents.increment();
    var caseId = jdbc.sql("select id from collection_case where process_instance_key = :key and status = 'OPEN'")
        .param("key", incident.rootProcessInstanceKey()).query(UUID.class).optional();
    log.warn("Engine incident in {} at {} ({}): {}{}", incident.bpmnProcessId(), incident.elementId(),
        incident.errorType(), incident.errorMessage(), caseId.map(id -> " [case " + id + "]").orElse(""));
    caseId.ifPresent(id -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("process", incident.bpmnProcessId());
      details.put("elementId", incident.elementId());
      details.put("errorType", incident.errorType());
      details.put("errorMessage", incident.errorMessage());
      details.put("processInstanceKey", incident.processInstanceKey());
      timeline.record(id, "INCIDENT", "The process is stuck at " + incident.elementId() + ": " + incident.errorType(),
          details, null);
    });
  }
}
