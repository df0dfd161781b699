package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.RecoverlyApplication;
import io.recoverly.engine.Engine;
import io.recoverly.support.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded engine starts empty: the versions compliance deployed are deployed again at start, in order. */
class ModelReplayTest {

  @Test
  void deployedVersionsSurviveARestart() throws Exception {
    Map<String, Object> database = TestInfrastructure.freshDatabase();
    String changed = Files.readString(Path.of("bpmn/collection-case.bpmn"))
        .replace("name=\"Call debtor\"", "name=\"Call the debtor now\"");
    String firstIncarnation;
    try (ConfigurableApplicationContext first = start(database)) {
      var deployed = first.getBean(ModelRegistry.class).deploy("collection-case.bpmn", changed,
          "A clearer call task name", "compliance");
      assertThat(deployed.getFirst().version()).isEqualTo(2);
      firstIncarnation = first.getBean(Engine.class).incarnation();
    }
    try (ConfigurableApplicationContext second = start(database)) {
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      String incarnation = second.getBean(Engine.class).incarnation();
      assertThat(incarnation).isNotEqualTo(firstIncarnation);
      // the new engine has both versions again, the deployed one as the latest
      assertThat(jdbc.sql("select max(version) from model_deployment where model_id = 'collection-case'"
          + " and engine_incarnation = :i").param("i", incarnation).query(Integer.class).single()).isEqualTo(2);
      assertThat(second.getBean(ModelRegistry.class).content("collection-case", 2)).contains("Call the debtor now");
      assertThat(jdbc.sql("select count(*) from model_version where model_id = 'collection-case'")
          .query(Long.class).single()).as("no duplicate registry rows").isEqualTo(2);
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> database) {
    Map<String, Object> properties = new HashMap<>(database);
    properties.put("server.port", 0);
    properties.put("recoverly.engine.port", TestInfrastructure.freePort());
    properties.put("recoverly.demo.enabled", false);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new SpringApplicationBuilder(RecoverlyApplication.class).run(args);
  }
}
