package io.recoverly.contact;

import io.recoverly.tasks.TaskCompletionCheck;
import io.recoverly.tasks.TaskView;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * "Contact details updated" needs the new details: a phone number or an e-mail address. Without either, collection
 * would carry on with the wrong number it was verifying.
 */
@Component
class VerificationTaskCheck implements TaskCompletionCheck {

  private final io.recoverly.cases.Cases cases;

  VerificationTaskCheck(io.recoverly.cases.Cases cases) {
    this.cases = cases;
  }

  @Override
  public void check(TaskView task, Map<String, Object> variables) {
    if (!"verify-debtor-details".equals(task.elementId())
        || !"CONTACT_UPDATED".equals(variables.get("verificationResult"))) {
      return;
    }
    if (blank(variables.get("newPhone")) && blank(variables.get("newEmail"))) {
      throw TaskCompletionCheck.invalid(List.of(
          TaskCompletionCheck.error("newPhone", "give the new phone number or the new e-mail address"),
          TaskCompletionCheck.error("newEmail", "give the new phone number or the new e-mail address")));
    }
    // what is kept must be usable: the import's rules (a phone of brackets and hyphens, an address with a zero-width
    // space in it, would be "updated" and then reach nobody)
    List<Map<String, String>> errors = new java.util.ArrayList<>();
    if (!blank(variables.get("newPhone"))) {
      var read = io.recoverly.cases.ContactPointRules.phone(variables.get("newPhone").toString(),
          cases.contactPoints(task.caseId()).map(io.recoverly.cases.Cases.ContactPoints::jurisdiction).orElse(null));
      if (!read.valid()) {
        errors.add(TaskCompletionCheck.error("newPhone", read.problem()));
      }
    }
    if (!blank(variables.get("newEmail"))) {
      // the address as it will be kept (strip: Unicode spaces too, as the worker stores it)
      io.recoverly.cases.ContactPointRules.emailProblem(variables.get("newEmail").toString().strip())
          .ifPresent(problem -> errors.add(TaskCompletionCheck.error("newEmail", problem)));
    }
    if (!errors.isEmpty()) {
      throw TaskCompletionCheck.invalid(errors);
    }
  }

  private static boolean blank(Object value) {
    return value == null || value.toString().isBlank();
  }
}
