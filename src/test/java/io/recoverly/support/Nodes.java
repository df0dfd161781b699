package io.recoverly.support;

import static org.awaitility.Awaitility.await;

import io.recoverly.RecoverlyApplication;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * App nodes of the production topology on one machine: node A with the embedded engine in this JVM, node B the
 * production artifact in a JVM of its own, in cluster mode on A's gRPC gateway and the same database (TwoNodesIT and
 * the topology benchmark).
 */
public final class Nodes {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Nodes() {}

  /** The test settings on a fresh database, with the timeouts that let a node that died be replaced in seconds. */
  public static Map<String, Object> shared() {
    Map<String, Object> shared = new HashMap<>(TestInfrastructure.properties());
    // a node that dies leaves its activated jobs and leased commands to the other within seconds (production: minutes)
    shared.put("camunda.client.worker.defaults.timeout", "PT15S");
    shared.put("camunda.client.worker.override[io.camunda.zeebe:userTask].timeout", "PT15S");
    shared.put("recoverly.outbox.relay.lease", "PT5S");
    shared.put("recoverly.launcher.batch-size", "100");
    return shared;
  }

  /** Node A: embedded engine on {@code recoverly.engine.port}, in this JVM. */
  public static ConfigurableApplicationContext startA(Map<String, Object> shared) {
    Map<String, Object> a = new HashMap<>(shared);
    a.put("server.port", 0);
    return new SpringApplicationBuilder(RecoverlyApplication.class).run(args(a));
  }

  public static String url(ConfigurableApplicationContext node) {
    return "http://localhost:" + node.getEnvironment().getProperty("local.server.port");
  }

  /** A node B started from the production jar, and its URL. */
  public record External(Process process, String url, File log) {}

  /** Starts the production artifact in cluster mode on A's engine and database, and waits until it is healthy. */
  public static External startB(Map<String, Object> shared, String logName) throws IOException {
    Map<String, Object> b = new HashMap<>(shared);
    int enginePort = (Integer) shared.get("recoverly.engine.port");
    b.remove("recoverly.engine.port");
    b.remove("recoverly.engine.clock-start");
    int port = TestInfrastructure.freePort();
    b.put("server.port", port);
    b.put("spring.profiles.active", "cluster");
    b.put("camunda.client.grpc-address", "http://127.0.0.1:" + enginePort);
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", productionJar().toString()));
    command.addAll(List.of(args(b)));
    File log = Path.of("target", logName).toFile();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    External node = new External(process, "http://localhost:" + port, log);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("node B stopped (see " + log + ")");
      }
      return status(node.url(), "GET", "/actuator/health", null, null) == 200;
    });
    return node;
  }

  /** {@code target/recoverly-<version>-production.jar}, made by {@code package}. */
  public static Path productionJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().matches("recoverly-.*-production\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no target/recoverly-*-production.jar: run ./mvnw verify"));
    }
  }

  /** A portfolio of US debtors in Chicago (09:00 there at the tests' engine start). */
  public static String portfolio(String prefix, String product, int cases) {
    StringBuilder csv = new StringBuilder("accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,"
        + "principal,balance,currency,dpd\n");
    for (int i = 0; i < cases; i++) {
      csv.append(prefix).append(i).append(",Jane Doe,+14155550123,jane.doe@example.com,\"1 Main St\",")
          .append("America/Chicago,US,").append(product).append(",1000.00,400.00,USD,20\n");
    }
    return csv.toString();
  }

  public static String[] args(Map<String, Object> properties) {
    return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  /** The status of an admin's request, -1 when the node does not answer. */
  public static int status(String base, String method, String path, String body, String type) {
    try {
      return send(base, method, path, body, type).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** An admin's request (HTTP Basic, no session). */
  public static HttpResponse<String> send(String base, String method, String path, String body, String type)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()));
    if (body != null) {
      request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpClient http() {
    return HTTP;
  }

  /** An agent completes a call task on their node, and retries (on the other node) until done; true if on node 1. */
  public static boolean completeCall(String[] nodes, int preferred, java.util.UUID task,
      java.util.concurrent.atomic.AtomicInteger retried) throws InterruptedException {
    for (int attempt = 0; attempt < 400; attempt++) {
      int node = attempt == 0 ? preferred : (preferred + attempt) % nodes.length;
      String url = nodes[node];
      try {
        HttpResponse<String> response = send(url, "POST", "/api/tasks/" + task + "/complete",
            "{\"variables\":{\"callOutcome\":\"NO_ANSWER\",\"callNotes\":\"no answer\"}}", "application/json");
        if (response.statusCode() == 200 || (response.statusCode() == 409
            && response.body().contains("already completed"))) {
          return node == 1 && !url.equals(nodes[0]);
        }
      } catch (IOException e) {
        // the node is gone (or going): the browser tries again
      }
      retried.incrementAndGet();
      Thread.sleep(250);
    }
    throw new AssertionError("task " + task + " could not be completed");
  }
}
