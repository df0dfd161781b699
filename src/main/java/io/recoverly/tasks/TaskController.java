package io.recoverly.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.models.FormCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The task API the agent workbench builds on. Until the security issue lands, the acting user is named in the
 * request ({@code user}); then it comes from the authenticated principal.
 */
@RestController
@RequestMapping("/api/tasks")
@Tag(name = "Tasks", description = "Job-based user tasks: inbox, claim, complete")
class TaskController {

  private final Tasks tasks;
  private final FormCatalog forms;

  TaskController(Tasks tasks, FormCatalog forms) {
    this.tasks = tasks;
    this.forms = forms;
  }

  record UserRequest(String user) {}

  record CompleteRequest(String user, Map<String, Object> variables) {}

  record TaskWithForm(TaskView task, JsonNode form) {}

  record NextRequest(String user, List<String> groups) {}

  record AssignRequest(String assignee, String by) {}

  @GetMapping
  @Operation(summary = "The inbox: tasks by candidate group(s), assignee, state (OPEN by default), case, task type"
      + " (elementId), case stage, jurisdiction, overdue; sorted by priority (default), due, dpd, balance or created")
  Tasks.PageView list(
      @RequestParam(required = false) String group,
      @RequestParam(required = false) List<String> groups,
      @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) UUID caseId,
      @RequestParam(required = false) String elementId,
      @RequestParam(required = false) String stage,
      @RequestParam(required = false) String jurisdiction,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) String sort,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    if (state != null && !state.matches("(?i)OPEN|COMPLETED|CANCELED")) {
      throw TaskProblems.badRequest("state must be OPEN, COMPLETED or CANCELED");
    }
    List<String> all = new java.util.ArrayList<>(groups == null ? List.of() : groups);
    if (group != null) {
      all.add(group);
    }
    return tasks.list(new Tasks.TaskQuery(all, assignee, state, caseId, elementId, stage, jurisdiction, overdue, sort),
        page, size);
  }

  @GetMapping("/counts")
  @Operation(summary = "Open tasks per queue (candidate group): all, unassigned, overdue")
  List<Tasks.QueueCount> counts() {
    return tasks.counts();
  }

  @PostMapping("/next")
  @Operation(summary = "Claim and return the most urgent open, unclaimed task of the given groups; 404 when none")
  TaskView next(@RequestBody NextRequest request) {
    return tasks.claimNext(request.user(), request.groups());
  }

  @PostMapping("/{id}/assign")
  @Operation(summary = "Supervisor: hand an open task to someone, or back to its queue (assignee null)")
  TaskView assign(@PathVariable UUID id, @RequestBody AssignRequest request) {
    return tasks.assign(id, request.assignee(), request.by());
  }

  @GetMapping("/{id}")
  @Operation(summary = "One task with its Camunda Form (form-js schema)")
  TaskWithForm get(@PathVariable UUID id) {
    TaskView task = tasks.get(id);
    return new TaskWithForm(task, task.formId() == null ? null : forms.form(task.formId()).orElse(null));
  }

  @PostMapping("/{id}/claim")
  @Operation(summary = "Claim an open task; 409 when someone else holds it")
  TaskView claim(@PathVariable UUID id, @RequestBody UserRequest request) {
    return tasks.claim(id, request.user());
  }

  @PostMapping("/{id}/unclaim")
  @Operation(summary = "Give a claimed task back to its queue")
  TaskView unclaim(@PathVariable UUID id, @RequestBody UserRequest request) {
    return tasks.unclaim(id, request.user());
  }

  @PostMapping("/{id}/complete")
  @Operation(summary = "Complete with form variables; 400 (task stays open) when they do not satisfy the form")
  TaskView complete(@PathVariable UUID id, @RequestBody CompleteRequest request) {
    return tasks.complete(id, request.user(), request.variables());
  }
}
