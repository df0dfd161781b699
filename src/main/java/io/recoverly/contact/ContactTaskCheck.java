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
    Object place = variables == null ? null : variables.get("visitPlace");
    if (channel.equals("VISIT") && place != null && !"HOME".equals(place) && !"WORK".equals(place)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid visit", "visitPlace is HOME (the address on file) or WORK")
          .field("visitPlace").exception();
    }
    if (channel.equals("VISIT") && "WORK".equals(place)
        && attempts.facts(task.caseId()).stops().contains("VISIT:" + io.recoverly.compliance.ContactStops.WORK)) {
      // 15 U.S.C. 1692c(a)(1), 12 CFR 1006.22(f): the debtor said the workplace is not a place to be visited at
      throw Problems.of(HttpStatus.CONFLICT, "Contact not allowed now", "the debtor asked for no visits at work")
          .with("rule", "ADDRESS_STOPPED").with("nextAllowedAt", null).exception();
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
