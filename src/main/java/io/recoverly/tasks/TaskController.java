package io.recoverly.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.security.Actor;
import io.recoverly.security.AppUsers;
import io.recoverly.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
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
 * The task API the agent workbench builds on. The acting user is the signed-in principal; an agent sees and works the
 * queues (candidate groups) of their own and the tasks assigned to them, supervisors and admins every queue.
 */
@RestController
@RequestMapping("/api/tasks")
@Tag(name = "Tasks", description = "Job-based user tasks: inbox, claim, complete")
class TaskController {

  private final Tasks tasks;
  private final CurrentActor current;
  private final AppUsers users;

  TaskController(Tasks tasks, CurrentActor current, AppUsers users) {
    this.tasks = tasks;
    this.current = current;
    this.users = users;
  }

  record CompleteRequest(Map<String, Object> variables) {}

  /**
   * @param data what the form's text shows besides its fields: the process variables its templates name
   */
  record TaskWithForm(TaskView task, JsonNode form, Map<String, Object> data) {}

  record NextRequest(List<String> groups) {}

  record AssignRequest(String assignee) {}

  @GetMapping
  @Operation(summary = "The inbox: tasks of the caller's queues and their own assignments (or of the given groups),"
      + " filtered by assignee, state (OPEN by default), case, task type (elementId), case stage, jurisdiction,"
      + " overdue, actionable (workable now or not), search (account reference prefix or part of the debtor's name);"
      + " sorted by priority (default), due, dpd, balance or created")
  Tasks.PageView list(
      @RequestParam(required = false) String group,
      @RequestParam(required = false) List<String> groups,
      @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) UUID caseId,
      @RequestParam(required = false) String elementId,
      @RequestParam(required = false) String stage,
      @RequestParam(required = false) String jurisdiction,
      @io.swagger.v3.oas.annotations.Parameter(description = "The lender the case's account belongs to")
      @RequestParam(required = false) @Size(max = 100) String creditor,
      @RequestParam(required = false) Boolean overdue,
      @Parameter(description = "true: only the tasks that can be worked now; false: only those waiting for their"
          + " window; absent: both, the workable ones first")
      @RequestParam(required = false) Boolean actionable,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) @Size(max = 100) String search,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    if (search != null && !search.isEmpty() && search.isBlank()) {
      throw TaskProblems.badRequest("search: a reference or a name, not only spaces");
    }
    if (state != null && !state.matches("(?i)OPEN|COMPLETING|COMPLETED|CANCELED")) {
      throw TaskProblems.badRequest("state must be OPEN, COMPLETING, COMPLETED or CANCELED");
    }
    Actor actor = current.get();
    List<String> requested = new ArrayList<>(groups == null ? List.of() : groups);
    if (group != null) {
      requested.add(group);
    }
    if (requested.stream().anyMatch(g -> g == null || g.isBlank())) {
      throw TaskProblems.badRequest("groups: queue names, comma-separated, none of them empty");
    }
    String orAssignedTo = null;
    if (!actor.seesAllQueues()) {
      requireOwnQueues(actor, requested);
      if (assignee != null && !assignee.equals(actor.username())) {
        throw TaskProblems.forbidden("only supervisors see other people's tasks");
      }
      if (requested.isEmpty()) {
        requested.addAll(actor.groups());
        orAssignedTo = actor.username();
      }
    }
    return tasks.list(new Tasks.TaskQuery(requested, orAssignedTo, assignee, state, caseId, elementId, stage,
        jurisdiction, overdue, sort, search, actionable,
        creditor == null || creditor.isBlank() ? null : creditor.strip()), page, size);
  }

  @GetMapping("/counts")
  @Operation(summary = "Open tasks per queue (candidate group): all, unassigned, overdue; an agent gets their own"
      + " queues only")
  List<Tasks.QueueCount> counts() {
    Actor actor = current.get();
    return tasks.counts().stream().filter(c -> actor.seesAllQueues() || actor.groups().contains(c.group())).toList();
  }

  @PostMapping("/next")
  @Operation(summary = "Claim and return the most urgent open, unclaimed task of the given groups (default: the"
      + " caller's queues); 404 when none")
  TaskView next(@RequestBody(required = false) NextRequest request) {
    Actor actor = current.get();
    List<String> groups = request == null || request.groups() == null || request.groups().isEmpty()
        ? actor.groups() : request.groups();
    if (!actor.seesAllQueues()) {
      requireOwnQueues(actor, groups);
    }
    return tasks.claimNext(actor.username(), groups);
  }

  @PostMapping("/{id}/assign")
  @Operation(summary = "Supervisor: hand an open task to someone who works its queue, or back to its queue"
      + " (assignee null)")
  TaskView assign(@PathVariable UUID id, @RequestBody AssignRequest request) {
    TaskView task = tasks.get(id);
    if (request.assignee() != null && !request.assignee().isBlank()) {
      Actor assignee = users.find(request.assignee()).orElseThrow(() ->
          TaskProblems.badRequest("no user " + request.assignee()));
      if (!assignee.mayWork(task.candidateGroups(), null)) {
        throw TaskProblems.badRequest(assignee.username() + " does not work the queue(s) "
            + task.candidateGroups() + " of this task");
      }
    }
    return tasks.assign(id, request.assignee(), current.get().username());
  }

  record BulkAssignRequest(List<UUID> taskIds, String assignee) {}

  /** One task of a bulk assignment: who held it before (for undo), and the problem when it was not assigned. */
  record BulkAssignResult(UUID taskId, boolean assigned, String previousAssignee, String problem) {}

  @PostMapping("/assign-bulk")
  @Operation(summary = "Supervisor: hand up to 200 open tasks to someone who works their queues, or back to their"
      + " queues (assignee null); each task's result, with who held it before (to undo)")
  List<BulkAssignResult> assignBulk(@RequestBody BulkAssignRequest request) {
    if (request == null || request.taskIds() == null || request.taskIds().isEmpty() || request.taskIds().size() > 200
        || request.taskIds().stream().anyMatch(java.util.Objects::isNull)) {
      throw TaskProblems.badRequest("taskIds: 1 to 200 task ids");
    }
    if (request.assignee() != null && request.assignee().isBlank()) {
      throw TaskProblems.badRequest("assignee: a username, or null to hand the tasks back to their queues");
    }
    Actor assignee = null;
    if (request.assignee() != null) {
      assignee = users.find(request.assignee()).orElseThrow(() ->
          TaskProblems.badRequest("no user " + io.recoverly.web.InputHygiene.printable(request.assignee())));
    }
    List<BulkAssignResult> results = new ArrayList<>();
    for (UUID id : new java.util.LinkedHashSet<>(request.taskIds())) {
      try {
        TaskView task = tasks.get(id);
        if (assignee != null && !assignee.mayWork(task.candidateGroups(), null)) {
          results.add(new BulkAssignResult(id, false, task.assignee(), assignee.username()
              + " does not work the queue(s) " + task.candidateGroups()));
          continue;
        }
        tasks.assign(id, assignee == null ? null : assignee.username(), current.get().username());
        results.add(new BulkAssignResult(id, true, task.assignee(), null));
      } catch (org.springframework.web.ErrorResponseException e) {
        results.add(new BulkAssignResult(id, false, null, e.getBody().getDetail()));
      }
    }
    return results;
  }

  @GetMapping("/workload")
  @Operation(summary = "Supervisors, managers: per person, the open tasks they hold, how many are overdue and how"
      + " many can be worked now; and per queue the unclaimed ones")
  List<Tasks.Workload> workload() {
    Actor actor = current.get();
    if (!actor.seesAllQueues() && !actor.has(io.recoverly.security.Role.MANAGER)) {
      throw TaskProblems.forbidden("only supervisors and managers see everyone's workload");
    }
    return tasks.workload();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One task with its Camunda Form (form-js schema)")
  TaskWithForm get(@PathVariable UUID id) {
    TaskView task = visible(id);
    return new TaskWithForm(task, task.formId() == null ? null : tasks.formOf(task).orElse(null),
        tasks.formData(id));
  }

  @PostMapping("/{id}/claim")
  @Operation(summary = "Claim an open task; 409 when someone else holds it")
  TaskView claim(@PathVariable UUID id) {
    visible(id);
    return tasks.claim(id, current.get().username());
  }

  @PostMapping("/{id}/unclaim")
  @Operation(summary = "Give a claimed task back to its queue")
  TaskView unclaim(@PathVariable UUID id) {
    visible(id);
    return tasks.unclaim(id, current.get().username());
  }

  @PostMapping("/{id}/complete")
  @Operation(summary = "Complete with form variables; 400 (task stays open) when they do not satisfy the form,"
      + " 409 when someone else holds it")
  TaskView complete(@PathVariable UUID id, @RequestBody CompleteRequest request) {
    visible(id);
    return tasks.complete(id, current.get().username(), request.variables());
  }

  /** The task, if the caller works its queue (or holds it); 403 otherwise. */
  private TaskView visible(UUID id) {
    TaskView task = tasks.get(id);
    Actor actor = current.get();
    if (!actor.seesAllQueues() && !actor.mayWork(task.candidateGroups(), task.assignee())) {
      throw TaskProblems.forbidden("this task belongs to the queue(s) " + task.candidateGroups()
          + ", which you do not work");
    }
    return task;
  }

  private static void requireOwnQueues(Actor actor, List<String> groups) {
    List<String> foreign = groups.stream().filter(g -> !actor.groups().contains(g)).toList();
    if (!foreign.isEmpty()) {
      throw TaskProblems.forbidden("you do not work the queue(s) " + foreign);
    }
  }
}
