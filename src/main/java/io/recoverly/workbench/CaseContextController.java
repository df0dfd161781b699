package io.recoverly.workbench;

import io.recoverly.cases.CaseEvent;
import io.recoverly.cases.CaseView;
import io.recoverly.cases.Cases;
import io.recoverly.contact.ContactAttempts;
import io.recoverly.disputes.Disputes;
import io.recoverly.negotiation.Promises;
import io.recoverly.negotiation.Settlements;
import io.recoverly.plans.PaymentPlans;
import io.recoverly.plans.PaymentService;
import io.recoverly.tasks.TaskView;
import io.recoverly.tasks.Tasks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Workbench", description = "What an agent sees beside a task")
class CaseContextController {

  private final Cases cases;
  private final ContactAttempts contacts;
  private final Promises promises;
  private final Settlements settlements;
  private final PaymentPlans plans;
  private final PaymentService payments;
  private final Disputes disputes;
  private final Tasks tasks;
  private final io.recoverly.security.CurrentActor current;
  private final io.recoverly.plans.Credits credits;

  CaseContextController(Cases cases, ContactAttempts contacts, Promises promises, Settlements settlements,
      PaymentPlans plans, PaymentService payments, Disputes disputes, Tasks tasks,
      io.recoverly.security.CurrentActor current, io.recoverly.plans.Credits credits) {
    this.current = current;
    this.credits = credits;
    this.cases = cases;
    this.contacts = contacts;
    this.promises = promises;
    this.settlements = settlements;
    this.plans = plans;
    this.payments = payments;
    this.disputes = disputes;
    this.tasks = tasks;
  }

  /** Everything about one case, personal data masked as in the case API. */
  record CaseContext(
      CaseView caseView,
      List<CaseEvent> timeline,
      List<ContactAttempts.Attempt> contacts,
      List<Promises.PromiseView> promises,
      List<Settlements.SettlementView> settlements,
      List<PaymentPlans.PlanView> plans,
      List<PaymentService.PaymentReceipt> payments,
      List<io.recoverly.plans.Credits.CreditView> credits,
      List<Disputes.DisputeView> disputes,
      List<TaskView> openTasks) {}

  @GetMapping("/api/cases/{id}/context")
  @Operation(summary = "The case with its timeline, contact attempts, promises, settlements, plans, payments, disputes"
      + " and open tasks: what an agent needs beside a task")
  CaseContext context(@PathVariable UUID id) {
    CaseView view = cases.get(id);
    var actor = current.get();
    // the open tasks the viewer may see: those of their queues and their own (everything for supervisors), as in the
    // inbox; another queue's work is not listed beside the case
    List<TaskView> open = tasks.list(new Tasks.TaskQuery(null, null, null, "OPEN", id, null, null, null, null,
            "created", null), 0, 100).items().stream()
        .filter(t -> actor.seesAllQueues() || actor.mayWork(t.candidateGroups(), t.assignee())).toList();
    return new CaseContext(view, cases.timeline(id), contacts.of(id), promises.of(id), settlements.of(id),
        plans.of(id), payments.of(id), credits.of(id), disputes.of(id), open);
  }
}
