package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.RecoverlyApplication;
import io.recoverly.support.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stock in-memory test engine stays selectable by one property, for comparison, and runs the same app. */
class StockEngineSelectionTest {

  @Test
  void theStockInMemoryEngineRunsTheAppWhenSelected() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("server.port", 0);
    properties.put("recoverly.engine.state", "in-memory");
    properties.put("recoverly.demo.enabled", true);
    properties.put("recoverly.demo.activity", false); // the portfolio only: no simulated calls and payments
    properties.put("recoverly.demo.accounts", 10);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);

    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RecoverlyApplication.class).run(args)) {
      Engine engine = app.getBean(Engine.class);
      assertThat(((EmbeddedZeebeEngine) engine).store()).isEqualTo("in-memory");
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      // demo debtors live from Honolulu to Kolkata: outside their contact hours the reminder is held, not dropped
      await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
              "select count(*) from case_event where type in ('REMINDER_SENT', 'REMINDER_RESCHEDULED')")
          .query(Long.class).single() == 10);
      // the RocksDB engine's meters are absent: nothing pretends to measure a log it does not own
      assertThat(app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
          .find("recoverly.engine.log.retained.blocks").gauge()).isNull();
    }
  }
}
