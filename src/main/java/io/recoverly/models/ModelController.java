package io.recoverly.models;

import io.recoverly.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/models")
@Tag(name = "Models", description = "Process, decision and form versions: validate, deploy with a change note")
class ModelController {

  private final ModelRegistry registry;
  private final CurrentActor current;

  ModelController(ModelRegistry registry, CurrentActor current) {
    this.registry = registry;
    this.current = current;
  }

  record ModelRequest(String resourceName, String content, String changeNote) {}

  @GetMapping
  @Operation(summary = "Every process, decision and form with its versions (who, when, change note, open cases)")
  List<ModelRegistry.Model> models() {
    return registry.models();
  }

  @GetMapping(path = "/{modelId}/versions/{version}/content", produces = {MediaType.TEXT_PLAIN_VALUE,
      MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_JSON_VALUE})
  @Operation(summary = "The file of one version (BPMN/DMN XML or form JSON), to open in the editor")
  String content(@PathVariable String modelId, @PathVariable int version) {
    return registry.content(modelId, version);
  }

  @PostMapping("/validate")
  @Operation(summary = "Check a model without deploying it: every problem, with the element at fault")
  Map<String, Object> validate(@RequestBody ModelRequest request) {
    List<ModelProblem> problems = registry.validate(request.resourceName(), request.content());
    return Map.of("valid", problems.isEmpty(), "problems", problems);
  }

  @PostMapping("/deploy")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Compliance: validate and deploy a model as a new version, with a change note; 400 lists every"
      + " problem and nothing is deployed")
  List<ModelRegistry.Deployed> deploy(@RequestBody ModelRequest request) {
    return registry.deploy(request.resourceName(), request.content(), request.changeNote(),
        current.get().username());
  }
}
