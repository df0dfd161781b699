package io.recoverly.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Lints the model files in bpmn/ and forms/ as they sit in the repository (the files Camunda Modeler opens): they
 * parse, every element is laid out on the diagram, ids are kebab-case, every job type has a worker in this app, every
 * user task is job-based with a candidate group and an existing form, every called decision exists.
 */
class ModelLintTest {

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final String USER_TASK_JOB = "io.camunda.zeebe:userTask";

  @Test
  void bpmnFilesAreValidLaidOutAndWired() throws IOException {
    Set<String> workers = jobWorkerTypes();
    Set<String> forms = formIds();
    Set<String> decisions = decisionIds();
    List<String> problems = new ArrayList<>();
    List<Path> files = files("bpmn", ".bpmn");
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Bpmn.validateModel(model);
      String name = file.getFileName().toString();
      Set<String> shapes = new HashSet<>();
      model.getModelElementsByType(BpmnShape.class).forEach(s -> shapes.add(s.getBpmnElement().getId()));
      model.getModelElementsByType(BpmnEdge.class).forEach(e -> shapes.add(e.getBpmnElement().getId()));
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        check(problems, shapes.contains(node.getId()), name, node, "has no shape on the diagram");
        check(problems, KEBAB.matcher(node.getId()).matches(), name, node, "id is not kebab-case");
        for (ZeebeExecutionListener listener : node.getChildElementsByType(io.camunda.zeebe.model.bpmn.instance.ExtensionElements.class)
            .stream().flatMap(x -> x.getChildElementsByType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners.class).stream())
            .flatMap(x -> x.getExecutionListeners().stream()).toList()) {
          check(problems, workers.contains(listener.getType()), name, node,
              "execution listener job type '" + listener.getType() + "' has no @JobWorker in the app");
        }
      }
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        check(problems, shapes.contains(flow.getId()), name, flow, "has no edge on the diagram");
        check(problems, KEBAB.matcher(flow.getId()).matches(), name, flow, "id is not kebab-case");
      }
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
        check(problems, definition != null, name, task, "has no job type");
        if (definition != null) {
          check(problems, KEBAB.matcher(definition.getType()).matches(), name, task,
              "job type '" + definition.getType() + "' is not kebab-case");
          check(problems, workers.contains(definition.getType()), name, task,
              "job type '" + definition.getType() + "' has no @JobWorker in the app");
        }
      }
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        check(problems, task.getSingleExtensionElement(ZeebeUserTask.class) == null, name, task,
            "must be a job-based user task (no zeebe:userTask): the app's task store serves it");
        ZeebeAssignmentDefinition assignment = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        check(problems, assignment != null && assignment.getCandidateGroups() != null, name, task,
            "has no candidate group");
        ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
        check(problems, form != null && forms.contains(form.getFormId()), name, task,
            "form " + (form == null ? "(none)" : form.getFormId()) + " does not exist in forms/");
      }
      for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
        ZeebeCalledDecision decision = task.getSingleExtensionElement(ZeebeCalledDecision.class);
        check(problems, decision != null && decisions.contains(decision.getDecisionId()), name, task,
            "called decision " + (decision == null ? "(none)" : decision.getDecisionId()) + " is not in bpmn/*.dmn");
      }
    }
    assertThat(workers).as("the task store takes the job-based user tasks").contains(USER_TASK_JOB);
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

  private static void check(List<String> problems, boolean ok, String file, BaseElement element, String problem) {
    if (!ok) {
      problems.add(file + " " + element.getId() + ": " + problem);
    }
  }

  static List<Path> files(String dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static Set<String> formIds() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    for (Path file : files("forms", ".form")) {
      ids.add(json.readTree(file.toFile()).path("id").asText());
    }
    return ids;
  }

  private static Set<String> decisionIds() throws IOException {
    Set<String> ids = new HashSet<>();
    Pattern decision = Pattern.compile("<decision\\s+id=\"([^\"]+)\"");
    for (Path file : files("bpmn", ".dmn")) {
      decision.matcher(Files.readString(file)).results().forEach(m -> ids.add(m.group(1)));
    }
    return ids;
  }

  /** Every job type some {@code @JobWorker} method of this application handles. */
  static Set<String> jobWorkerTypes() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*")));
    Set<String> types = new HashSet<>();
    for (var candidate : scanner.findCandidateComponents("io.recoverly")) {
      try {
        for (var method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
          JobWorker worker = method.getAnnotation(JobWorker.class);
          if (worker != null) {
            types.add(worker.type());
          }
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return types;
  }
}
