package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Lints the model files in bpmn/ and forms/ as they sit in the repository (the files Camunda Modeler opens) with the
 * same {@link ModelValidator} the deploy API uses: they parse, every element is laid out on the diagram, ids are
 * kebab-case, every job type has a worker in this app, every user task is job-based with a candidate group and an
 * existing form, every message has a correlation key, timers are ISO 8601, every called decision exists.
 */
class ModelLintTest {

  private static final Pattern KEBAB = ModelValidator.KEBAB;

  @Test
  void theRepositoryModelsPassTheDeployValidation() throws IOException {
    Set<String> workers = ModelValidator.jobWorkerTypes();
    assertThat(workers).as("the task store takes the job-based user tasks").contains(ModelValidator.USER_TASK_JOB);
    java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (Path file : Stream.of(files("bpmn", ".bpmn"), files("bpmn", ".dmn"), files("forms", ".form"))
        .flatMap(List::stream).toList()) {
      files.put(file.getFileName().toString(), Files.readAllBytes(file));
    }
    assertThat(files.keySet()).anyMatch(f -> f.endsWith(".bpmn")).anyMatch(f -> f.endsWith(".dmn"))
        .anyMatch(f -> f.endsWith(".form"));
    List<ModelProblem> problems = new ModelValidator(workers)
        .validate(files, new ModelValidator.Known(Set.of(), Set.of()));
    assertThat(problems).isEmpty();
  }

  @Test
  void formsAreCamundaFormsWithUniqueIds() throws IOException {
    List<Path> files = files("forms", ".form");
    assertThat(files).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    for (Path file : files) {
      JsonNode form = json.readTree(file.toFile());
      assertThat(form.path("id").asText()).as(file + " id").matches(KEBAB);
      assertThat(form.path("type").asText()).as(file + " type").isEqualTo("default");
      assertThat(form.path("components").isArray()).as(file + " components").isTrue();
      assertThat(ids.add(form.path("id").asText())).as(file + " id is unique").isTrue();
      for (JsonNode component : form.path("components")) {
        if (component.has("key")) {
          assertThat(component.path("label").asText()).as(file + " " + component.path("key") + " label").isNotBlank();
        }
      }
    }
  }

  @Test
  void dmnFilesParseAndAreLaidOut() throws Exception {
    List<Path> files = files("bpmn", ".dmn");
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      var document = factory.newDocumentBuilder().parse(file.toFile());
      NodeList decisions = document.getElementsByTagNameNS("*", "decision");
      NodeList shapes = document.getElementsByTagNameNS("*", "DMNShape");
      Set<String> laidOut = new HashSet<>();
      for (int i = 0; i < shapes.getLength(); i++) {
        laidOut.add(((Element) shapes.item(i)).getAttribute("dmnElementRef"));
      }
      for (int i = 0; i < decisions.getLength(); i++) {
        String id = ((Element) decisions.item(i)).getAttribute("id");
        assertThat(id).as(file + " decision id").matches(KEBAB);
        assertThat(laidOut).as(file + " decision " + id + " on the diagram").contains(id);
      }
    }
  }

  static List<Path> files(String dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
