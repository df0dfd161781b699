package io.recoverly.contact;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.Cases;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Job type {@code apply-verification}: new contact details found by the agent replace the old ones. */
@Component
public class VerificationWorker {

  private final Cases cases;
  private final CaseTimeline timeline;

  private final io.recoverly.compliance.ValidationNotices notices;

  private final ReminderService reminders;

  VerificationWorker(Cases cases, CaseTimeline timeline, io.recoverly.compliance.ValidationNotices notices,
      ReminderService reminders) {
    this.reminders = reminders;
    this.notices = notices;
    this.cases = cases;
    this.timeline = timeline;
  }

  @JobWorker(type = "apply-verification",
      fetchVariables = {"caseId", "verificationResult", "newPhone", "newEmail", "verificationNotes"})
  public void applyVerification(@Variable String caseId, @Variable String verificationResult,
      @Variable String newPhone, @Variable String newEmail, @Variable String verificationNotes) {
    UUID id = UUID.fromString(caseId);
    if ("CONTACT_UPDATED".equals(verificationResult) && (hasText(newPhone) || hasText(newEmail))) {
      // checked when the agent submitted it (VerificationTaskCheck): kept in E.164, read in the debtor's jurisdiction
      String jurisdiction = cases.contactPoints(id).map(Cases.ContactPoints::jurisdiction).orElse(null);
      cases.updateContactPoints(id, hasText(newPhone)
              ? io.recoverly.cases.ContactPointRules.phone(newPhone, jurisdiction).e164() : null,
          hasText(newEmail) ? newEmail.strip() : null, verificationNotes);
      // a validation notice nothing could carry may now go by the new details
      notices.retryUndeliverable(id);
      // and a dispute's verification nothing could carry
      reminders.retryVerifications(id);
    } else {
      timeline.record(id, "DEBTOR_DETAILS_VERIFIED", "Details verified: " + verificationResult,
          Map.of("result", String.valueOf(verificationResult), "sources",
              io.recoverly.cases.PiiMask.scrubText(String.valueOf(verificationNotes))), null);
    }
  }

  private static boolean hasText(String text) {
    return text != null && !text.isBlank();
  }
}
