package io.recoverly.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recoverly.support.TestInfrastructure;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two embedded engines in one JVM (the test suite's cached application contexts, the service benchmark's bare engine
 * beside the app's) answer their clients correctly while both are busy. The test engine's gRPC response writer keeps
 * the answer's key, intent and value in static fields, shared by every engine in the JVM: without
 * {@link JvmWideResponseWriter}, one engine's answer was built from the other's value now and then ("Could not
 * deserialize object [ProcessInstanceCreationRecord]"), and the client waited for an answer that never came.
 */
class TwoEnginesOneJvmTest {

  private static final int PER_ENGINE = 1500;

  @Test
  void everyAnswerComesBackWhole() throws Exception {
    RocksDbZeebeEngine a = engine();
    RocksDbZeebeEngine b = engine();
    try (CamundaClient clientA = client(a); CamundaClient clientB = client(b)) {
      deploy(clientA, "engine-a");
      deploy(clientB, "engine-b-with-a-longer-process-id");
      List<CompletableFuture<ProcessInstanceEvent>> startedA = new ArrayList<>();
      List<CompletableFuture<ProcessInstanceEvent>> startedB = new ArrayList<>();
      for (int i = 0; i < PER_ENGINE; i++) {
        // variables of different sizes on each side, so that a value read from the other engine's buffer shows
        startedA.add(clientA.newCreateInstanceCommand().bpmnProcessId("engine-a").latestVersion()
            .variables(Map.of("n", i)).send().toCompletableFuture());
        startedB.add(clientB.newCreateInstanceCommand().bpmnProcessId("engine-b-with-a-longer-process-id")
            .latestVersion().variables(Map.of("note", "x".repeat(200 + i % 300), "n", i)).send()
            .toCompletableFuture());
      }
      for (var started : startedA) {
        assertThat(started.get().getBpmnProcessId()).isEqualTo("engine-a");
      }
      for (var started : startedB) {
        assertThat(started.get().getBpmnProcessId()).isEqualTo("engine-b-with-a-longer-process-id");
      }
    } finally {
      a.stop();
      b.stop();
    }
  }

  private static RocksDbZeebeEngine engine() throws Exception {
    RocksDbZeebeEngine engine = new RocksDbZeebeEngine(TestInfrastructure.freePort(),
        Files.createTempDirectory("two-engines-"), new SimpleMeterRegistry(), false);
    engine.start();
    return engine;
  }

  private static CamundaClient client(RocksDbZeebeEngine engine) {
    // a lost answer fails the test in seconds instead of the client's default wait
    return CamundaClient.newClientBuilder().grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
        .preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofSeconds(20)).build();
  }

  private static void deploy(CamundaClient client, String processId) {
    client.newDeployResourceCommand()
        .addProcessModel(Bpmn.createExecutableProcess(processId).startEvent().endEvent().done(), processId + ".bpmn")
        .send().join();
  }
}
