package io.recoverly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recoverly.support.TestInfrastructure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on machines without a Docker engine, so its wiring is checked here: every variable the
 * cluster profile reads is set for the app, addresses point at services that exist and listen there, the profile is
 * active, everything has a health check and the app waits for healthy dependencies.
 */
class DeploymentFilesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> compose() throws Exception {
    return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws Exception {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(k.toString(), String.valueOf(v)));
    } else if (env instanceof List<?> list) {
      for (Object entry : list) {
        String[] kv = entry.toString().split("=", 2);
        result.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<String> ports(Map<String, Object> service) {
    return ((List<Object>) service.getOrDefault("ports", List.of())).stream().map(Object::toString).toList();
  }

  @Test
  void composeStartsCamunda88ElasticsearchPostgresAndTheAppWithHealthChecks() throws Exception {
    assertThat(service("camunda").get("image").toString()).startsWith("camunda/camunda:8.8");
    assertThat(environment(service("camunda"))).containsEntry("CAMUNDA_DATABASE_TYPE", "elasticsearch")
        .containsEntry("CAMUNDA_DATABASE_URL", "http://elasticsearch:9200");
    assertThat(service("elasticsearch").get("image").toString()).contains("elasticsearch");
    assertThat(service("postgres").get("image").toString()).startsWith("postgres:");
    for (String name : List.of("camunda", "elasticsearch", "postgres", "app-1", "app-2")) {
      assertThat(service(name)).as(name + " health check").containsKey("healthcheck");
    }
    assertThat(service("app-1")).containsKey("build");
    assertThat(Path.of("Dockerfile")).exists();
    // the image is the production artifact: no embedded engine, no embedded PostgreSQL
    assertThat(Files.readString(Path.of("Dockerfile"))).contains("mvnw").contains("-Pproduction package")
        .contains("-jar");
  }

  @Test
  void composeRunsTwoReplicasOfTheAppOnOneClusterAndOneDatabase() throws Exception {
    Map<String, Object> one = service("app-1");
    Map<String, Object> two = service("app-2");
    assertThat(environment(two)).isEqualTo(environment(one));
    assertThat(two.get("build")).isEqualTo(one.get("build"));
    assertThat(ports(one)).isNotEqualTo(ports(two));
  }

  @SuppressWarnings("unchecked")
  @Test
  void theAppIsWiredToTheServicesItReads() throws Exception {
    Map<String, Object> app = service("app-1");
    Map<String, String> env = environment(app);

    assertThat(env.get("SPRING_PROFILES_ACTIVE")).contains("cluster");
    assertThat(Path.of("src/main/resources/application-cluster.yml")).exists();

    // every ${VARIABLE} the cluster profile and the base configuration read is set for the app
    Pattern placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    for (String file : List.of("src/main/resources/application-cluster.yml", "src/main/resources/application.yml")) {
      Matcher m = placeholder.matcher(Files.readString(Path.of(file)));
      while (m.find()) {
        assertThat(env).as(file + " reads ${" + m.group(1) + "}").containsKey(m.group(1));
      }
    }

    // the database: host is the postgres service, database and credentials match
    Map<String, String> pg = environment(service("postgres"));
    URI jdbc = URI.create(env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
    assertThat(jdbc.getHost()).isEqualTo("postgres");
    assertThat(jdbc.getPort()).isEqualTo(5432);
    assertThat(jdbc.getPath()).isEqualTo("/" + pg.get("POSTGRES_DB"));
    assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(pg.get("POSTGRES_USER"));
    assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(pg.get("POSTGRES_PASSWORD"));

    // the engine: gRPC on the camunda service's gateway port, REST on its web port
    URI grpc = URI.create(env.get("CAMUNDA_GRPC_ADDRESS"));
    assertThat(grpc.getHost()).isEqualTo("camunda");
    Map<String, String> camunda = environment(service("camunda"));
    assertThat(camunda.get("ZEEBE_BROKER_GATEWAY_NETWORK_PORT")).isEqualTo(String.valueOf(grpc.getPort()));
    assertThat(ports(service("camunda"))).anyMatch(p -> p.endsWith(":" + grpc.getPort()));
    URI rest = URI.create(env.get("CAMUNDA_REST_ADDRESS"));
    assertThat(rest.getHost()).isEqualTo("camunda");
    assertThat(ports(service("camunda"))).anyMatch(p -> p.endsWith(":" + rest.getPort()));

    // the app listens where it is published and waits for healthy dependencies
    assertThat(ports(app)).anyMatch(p -> p.endsWith(":" + env.get("PORT")));
    Map<String, Object> dependsOn = (Map<String, Object>) app.get("depends_on");
    assertThat(dependsOn).containsKeys("camunda", "postgres");
    dependsOn.values().forEach(d -> assertThat((Map<String, Object>) d).containsEntry("condition", "service_healthy"));
  }

  @Test
  void clusterModeWithoutADatabaseStopsWithOneClearSentence() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.profiles.active", "cluster");
    properties.put("server.port", 0);
    properties.put("camunda.client.grpc-address", "http://127.0.0.1:" + TestInfrastructure.freePort());
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);

    assertThatThrownBy(() -> new SpringApplicationBuilder(RecoverlyApplication.class).run(args).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cluster mode needs a PostgreSQL database: set SPRING_DATASOURCE_URL");
  }
}
