package io.recoverly.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimeCycle;
import io.camunda.zeebe.model.bpmn.instance.TimeDate;
import io.camunda.zeebe.model.bpmn.instance.TimeDuration;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.SAXParserFactory;
import org.camunda.bpm.model.xml.ModelValidationException;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks models before they reach the engine (the deploy API) and in CI (the lint test): the XML parses (line and
 * column when not), Zeebe's own design-time rules, DMN decisions parse in the engine's DMN engine, and this project's
 * rules: every element laid out on the diagram, kebab-case ids, every job type handled by a worker of this app, every
 * user task job-based with a candidate group and an existing form, every message with a correlation key, static timers
 * valid ISO 8601, every called decision present.
 */
public final class ModelValidator {

  static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final String USER_TASK_JOB = "io.camunda.zeebe:userTask";

  private final Set<String> jobTypes;

  public ModelValidator(Set<String> jobTypes) {
    this.jobTypes = Set.copyOf(jobTypes);
  }

  /** What the models may refer to beyond the files checked together: forms and decisions already deployed. */
  public record Known(Set<String> forms, Set<String> decisions) {}

  /** Every problem of the given files, checked together (a BPMN may use a form or decision of the same batch). */
  public List<ModelProblem> validate(Map<String, byte[]> files, Known known) {
    List<ModelProblem> problems = new ArrayList<>();
    Set<String> forms = new HashSet<>(known.forms());
    Set<String> decisions = new HashSet<>(known.decisions());
    for (var file : files.entrySet()) {
      String name = file.getKey();
      if (name.endsWith(".form")) {
        String id = validateForm(name, file.getValue(), problems);
        if (id != null) {
          forms.add(id);
        }
      } else if (name.endsWith(".dmn")) {
        decisions.addAll(validateDmn(name, file.getValue(), problems));
      } else if (!name.endsWith(".bpmn")) {
        problems.add(new ModelProblem(name, null, null, "unknown file type: .bpmn, .dmn or .form"));
      }
    }
    for (var file : files.entrySet()) {
      if (file.getKey().endsWith(".bpmn")) {
        validateBpmn(file.getKey(), file.getValue(), forms, decisions, problems);
      }
    }
    return problems;
  }

  private static boolean parsesAsXml(String name, byte[] content, List<ModelProblem> problems) {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.newSAXParser().parse(new ByteArrayInputStream(content), new DefaultHandler());
      return true;
    } catch (SAXParseException e) {
      problems.add(new ModelProblem(name, null, e.getLineNumber(),
          "not well-formed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
              + e.getMessage()));
      return false;
    } catch (Exception e) {
      problems.add(new ModelProblem(name, null, null, "cannot be read as XML: " + e.getMessage()));
      return false;
    }
  }

  private void validateBpmn(String name, byte[] content, Set<String> forms, Set<String> decisions,
      List<ModelProblem> problems) {
    if (!parsesAsXml(name, content, problems)) {
      return;
    }
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
      Bpmn.validateModel(model);
    } catch (ModelValidationException e) {
      problems.add(new ModelProblem(name, null, null, "invalid for Camunda 8.8: " + e.getMessage()));
      return;
    } catch (RuntimeException e) {
      problems.add(new ModelProblem(name, null, null, "not a BPMN model Camunda 8.8 reads: " + e.getMessage()));
      return;
    }
    Set<String> laidOut = new HashSet<>();
    model.getModelElementsByType(BpmnShape.class).forEach(s -> laidOut.add(s.getBpmnElement().getId()));
    model.getModelElementsByType(BpmnEdge.class).forEach(e -> laidOut.add(e.getBpmnElement().getId()));
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      check(problems, laidOut.contains(node.getId()), name, node.getId(), "has no shape on the diagram");
      check(problems, KEBAB.matcher(node.getId()).matches(), name, node.getId(), "id is not kebab-case");
      for (ZeebeExecutionListeners listeners : node.getChildElementsByType(
          io.camunda.zeebe.model.bpmn.instance.ExtensionElements.class).stream()
          .flatMap(x -> x.getChildElementsByType(ZeebeExecutionListeners.class).stream()).toList()) {
        for (ZeebeExecutionListener listener : listeners.getExecutionListeners()) {
          check(problems, jobTypes.contains(listener.getType()), name, node.getId(),
              "execution listener job type '" + listener.getType() + "' has no worker in this application");
        }
      }
    }
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      check(problems, laidOut.contains(flow.getId()), name, flow.getId(), "has no edge on the diagram");
      check(problems, KEBAB.matcher(flow.getId()).matches(), name, flow.getId(), "id is not kebab-case");
    }
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (definition == null || definition.getType() == null) {
        problems.add(new ModelProblem(name, task.getId(), null, "has no job type"));
      } else if (!definition.getType().startsWith("=")) {
        check(problems, jobTypes.contains(definition.getType()), name, task.getId(),
            "job type '" + definition.getType() + "' has no worker in this application");
      }
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      check(problems, task.getSingleExtensionElement(ZeebeUserTask.class) == null, name, task.getId(),
          "must be a job-based user task (no zeebe:userTask): the app's task store serves it");
      ZeebeAssignmentDefinition assignment = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
      check(problems, assignment != null && assignment.getCandidateGroups() != null
          && !assignment.getCandidateGroups().isBlank(), name, task.getId(), "has no candidate group");
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      String formId = form == null ? null : form.getFormId();
      check(problems, formId != null && forms.contains(formId), name, task.getId(),
          formId == null ? "has no form" : "form '" + formId + "' does not exist");
    }
    for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision decision = task.getSingleExtensionElement(ZeebeCalledDecision.class);
      String id = decision == null ? null : decision.getDecisionId();
      check(problems, id != null && (id.startsWith("=") || decisions.contains(id)), name, task.getId(),
          id == null ? "calls no decision" : "called decision '" + id + "' does not exist");
    }
    for (Message message : model.getModelElementsByType(Message.class)) {
      ZeebeSubscription subscription = message.getSingleExtensionElement(ZeebeSubscription.class);
      boolean onlyStart = model.getModelElementsByType(StartEvent.class).stream()
          .filter(s -> s.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.Process)
          .flatMap(s -> s.getEventDefinitions().stream())
          .anyMatch(d -> d instanceof io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition m
              && m.getMessage() == message);
      check(problems, onlyStart || (subscription != null && subscription.getCorrelationKey() != null
          && !subscription.getCorrelationKey().isBlank()), name, message.getId(),
          "message '" + message.getName() + "' has no correlation key");
    }
    model.getModelElementsByType(TimeDuration.class).forEach(t -> timer(problems, name, t.getParentElement()
        .getParentElement().getAttributeValue("id"), t.getTextContent(), "duration"));
    model.getModelElementsByType(TimeDate.class).forEach(t -> timer(problems, name, t.getParentElement()
        .getParentElement().getAttributeValue("id"), t.getTextContent(), "date"));
    model.getModelElementsByType(TimeCycle.class).forEach(t -> timer(problems, name, t.getParentElement()
        .getParentElement().getAttributeValue("id"), t.getTextContent(), "cycle"));
  }

  /** Static timer values must be ISO 8601 (expressions, starting with '=', are evaluated by the engine). */
  private static void timer(List<ModelProblem> problems, String name, String element, String value, String kind) {
    String v = value == null ? "" : value.strip();
    if (v.startsWith("=")) {
      return;
    }
    boolean valid;
    try {
      switch (kind) {
        case "duration" -> {
          try {
            Duration.parse(v); // PT4H, P3D, P1DT2H
          } catch (RuntimeException notDuration) {
            Period.parse(v); // P1W, P1M
          }
        }
        case "date" -> OffsetDateTime.parse(v);
        default -> {
          if (!v.matches("R\\d*/.+")) {
            throw new IllegalArgumentException();
          }
        }
      }
      valid = true;
    } catch (RuntimeException e) {
      valid = false;
    }
    check(problems, valid, name, element, "timer " + kind + " '" + v + "' is not valid ISO 8601");
  }

  private static final org.camunda.dmn.DmnEngine DMN = new org.camunda.dmn.DmnEngine.Builder().build();

  private static Set<String> validateDmn(String name, byte[] content, List<ModelProblem> problems) {
    if (!parsesAsXml(name, content, problems)) {
      return Set.of();
    }
    // the DMN engine Zeebe evaluates decisions with (dmn-scala), used directly: no engine jar in production
    var parsed = DMN.parse(new ByteArrayInputStream(content));
    if (parsed.isLeft()) {
      problems.add(new ModelProblem(name, null, null, "the DMN engine refuses it: " + parsed.left().get().message()));
      return Set.of();
    }
    Set<String> ids = new HashSet<>(
        scala.jdk.javaapi.CollectionConverters.asJava(parsed.right().get().decisionsById().keySet()));
    for (String id : ids) {
      check(problems, KEBAB.matcher(id).matches(), name, id, "id is not kebab-case");
    }
    return ids;
  }

  private static String validateForm(String name, byte[] content, List<ModelProblem> problems) {
    JsonNode form;
    try {
      form = new ObjectMapper().readTree(content);
    } catch (Exception e) {
      problems.add(new ModelProblem(name, null, null, "not JSON: " + e.getMessage()));
      return null;
    }
    String id = form.path("id").asText("");
    check(problems, KEBAB.matcher(id).matches(), name, null, "form id '" + id + "' is not kebab-case");
    check(problems, form.path("components").isArray(), name, null, "has no components");
    for (JsonNode component : form.path("components")) {
      if (component.has("key")) {
        check(problems, !component.path("label").asText("").isBlank(), name, component.path("id").asText(null),
            "field '" + component.path("key").asText() + "' has no label");
      }
    }
    return id.isEmpty() ? null : id;
  }

  private static void check(List<ModelProblem> problems, boolean ok, String file, String element, String problem) {
    if (!ok) {
      problems.add(new ModelProblem(file, element, null, problem));
    }
  }

  /** Every job type some {@code @JobWorker} method of this application handles (scanned once). */
  public static Set<String> jobWorkerTypes() {
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
