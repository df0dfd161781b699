package io.recoverly.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.recoverly.cases.CaseEventRecorded;
import java.math.BigDecimal;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Business meters on /actuator/prometheus, low-cardinality tags only: open cases per stage and open tasks per queue
 * (read from the database every 30 s, so every app node reports the same truth), payments received per currency,
 * contacts held or blocked per guard rule.
 */
@Component
class BusinessMetrics {

  private static final Set<String> HELD = Set.of("CONTACT_BLOCKED", "REMINDER_RESCHEDULED", "CONTACT_RESCHEDULED");

  private final JdbcClient jdbc;
  private final MeterRegistry meters;
  private final MultiGauge casesByStage;
  private final MultiGauge tasksByQueue;

  BusinessMetrics(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.meters = meters;
    this.casesByStage = MultiGauge.builder("recoverly.cases.open").description("Open cases per stage")
        .register(meters);
    this.tasksByQueue = MultiGauge.builder("recoverly.tasks.open").description("Open user tasks per queue")
        .register(meters);
  }

  @Scheduled(fixedDelayString = "${recoverly.metrics.refresh:PT30S}", initialDelayString = "PT5S")
  void refresh() {
    casesByStage.register(jdbc.sql("select stage, count(*) from collection_case where status = 'OPEN' group by stage")
        .query((rs, n) -> MultiGauge.Row.of(Tags.of("stage", rs.getString(1)), rs.getLong(2))).list(), true);
    tasksByQueue.register(jdbc.sql("""
            select g, count(*) from user_task t, unnest(t.groups) as g
             where t.state = 'OPEN' group by g
            """)
        .query((rs, n) -> MultiGauge.Row.of(Tags.of("queue", rs.getString(1)), rs.getLong(2))).list(), true);
  }

  @EventListener
  void onCaseEvent(CaseEventRecorded event) {
    if (event.type().equals("PAYMENT_RECEIVED") && event.details() != null
        && event.details().get("amount") instanceof BigDecimal amount) {
      Counter.builder("recoverly.payments.amount").description("Payments received (sum of amounts)")
          .tag("currency", String.valueOf(event.details().get("currency")))
          .register(meters).increment(amount.doubleValue());
    } else if (HELD.contains(event.type()) && event.details() != null) {
      Counter.builder("recoverly.contacts.held").description("Outbound contacts held or blocked by the contact guard")
          .tag("rule", String.valueOf(event.details().get("rule"))).register(meters).increment();
    }
  }
}
