package io.recoverly.contact;

import io.recoverly.compliance.ContactGuard;
import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import io.recoverly.web.Problems;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The contact guard for agents: a call or field visit can only be recorded when the guard allows contacting the
 * debtor now. Otherwise the completion is refused (409) with the rule and the next allowed time, and the task stays.
 */
@Component
class ContactTaskCheck implements TaskCompletionCheck {

  private final ContactAttempts attempts;

  ContactTaskCheck(ContactAttempts attempts) {
    this.attempts = attempts;
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    String channel = ContactAttempts.contactChannel(task.elementId());
    if (channel == null || task.caseId() == null) {
      return;
    }
    ContactGuard.Decision decision = attempts.check(task.caseId(), channel);
    if (!decision.allowed()) {
      throw Problems.of(HttpStatus.CONFLICT, "Contact not allowed now", decision.reason())
          .with("rule", decision.rule())
          .with("nextAllowedAt", decision.nextAllowedAt() == null ? null : decision.nextAllowedAt().toString())
          .exception();
    }
  }
}
