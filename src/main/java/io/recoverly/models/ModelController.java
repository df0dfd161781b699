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
  private final ModelMigrations migrations;
  private final CurrentActor current;

  ModelController(ModelRegistry registry, ModelMigrations migrations, CurrentActor current) {
    this.registry = registry;
    this.migrations = migrations;
    this.current = current;
  }

  record DraftRequest(String content, Integer basedOn) {}

  @org.springframework.web.bind.annotation.PutMapping("/drafts/{resourceName}")
  @Operation(summary = "Compliance: save the editor's work as the file's draft (not validated, not deployed)")
  ModelRegistry.Draft saveDraft(@PathVariable String resourceName, @RequestBody DraftRequest request) {
    return registry.saveDraft(resourceName, request.content(), request.basedOn(), current.get().username());
  }

  @GetMapping("/drafts")
  @Operation(summary = "Every saved draft (file, based on which version, who, when), without content")
  List<ModelRegistry.Draft> drafts() {
    return registry.drafts();
  }

  @GetMapping("/drafts/{resourceName}")
  @Operation(summary = "The file's draft; 404 when there is none")
  ModelRegistry.Draft draft(@PathVariable String resourceName) {
    return registry.draft(resourceName).orElseThrow(() -> io.recoverly.web.Problems.of(HttpStatus.NOT_FOUND,
        "No draft", "no draft of " + resourceName).exception());
  }

  @GetMapping("/{modelId}/diff")
  @Operation(summary = "Elements added, removed and changed from one version to another")
  ModelRegistry.Diff diff(@PathVariable String modelId, @org.springframework.web.bind.annotation.RequestParam int from,
      @org.springframework.web.bind.annotation.RequestParam int to) {
    return registry.diff(modelId, from, to);
  }

  record MigrationRequest(String modelId, Integer fromVersion, Integer toVersion, Map<String, String> mappings) {
    MigrationRequest {
      if (modelId == null || fromVersion == null || toVersion == null) {
        throw io.recoverly.web.Problems.of(HttpStatus.BAD_REQUEST, "Invalid migration",
            "modelId, fromVersion and toVersion are required").exception();
      }
    }
  }

  @PostMapping("/migrations/plan")
  @Operation(summary = "Dry run: element mappings (equal ids auto-mapped, explicit ones added) and, per running case,"
      + " whether it can migrate and why not")
  ModelMigrations.Plan plan(@RequestBody MigrationRequest r) {
    return migrations.plan(r.modelId(), r.fromVersion(), r.toVersion(), r.mappings());
  }

  @PostMapping("/migrations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Compliance: migrate the running cases of a version in batches, in the background; poll the"
      + " returned id")
  Map<String, Object> migrate(@RequestBody MigrationRequest r) {
    return Map.of("id", migrations.start(r.modelId(), r.fromVersion(), r.toVersion(), r.mappings(),
        current.get().username()));
  }

  @GetMapping("/migrations/{id}")
  @Operation(summary = "A migration's progress and every case's result (migrated, failed with the engine's reason,"
      + " skipped with the dry run's)")
  ModelMigrations.Status migration(@PathVariable java.util.UUID id) {
    return migrations.status(id);
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
