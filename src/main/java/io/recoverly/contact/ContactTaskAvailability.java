package io.recoverly.contact;

import io.recoverly.compliance.ContactGuard;
import io.recoverly.compliance.ContactPolicyChanged;
import io.recoverly.tasks.TaskAvailability;
import io.recoverly.tasks.Tasks;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Calls and field visits can be worked when the contact guard allows contacting the debtor on their channel: contact
 * hours in the debtor's time zone, the call cap, the cool-down after a conversation, the validation notice, cease,
 * dispute, opt-outs, a phone (an address) on file. The same rules {@link ContactTaskCheck} applies when the agent
 * records the outcome.
 */
@Component
class ContactTaskAvailability implements TaskAvailability {

  private final ContactAttempts attempts;
  private final ContactGuard guard;
  private final Tasks tasks;
  private final Callbacks callbacks;

  ContactTaskAvailability(ContactAttempts attempts, ContactGuard guard, Tasks tasks, Callbacks callbacks) {
    this.callbacks = callbacks;
    this.attempts = attempts;
    this.guard = guard;
    this.tasks = tasks;
  }

  /** New contact rules: every open task is asked again (by the sweep, in batches). */
  @EventListener
  void onPolicyChanged(ContactPolicyChanged changed) {
    tasks.recheckAll();
  }

  /**
   * What the contact guard reads that can change while a call or visit waits: cease, disputes, opt-outs, the contact
   * points, the validation notice, a callback. (Calls themselves are tasks: the next one is asked when it is created.)
   */
  static final java.util.Set<String> FACT_EVENTS = java.util.Set.of("CEASE_COMMUNICATION", "DISPUTE_RAISED",
      "DISPUTE_RESOLVED", "DISPUTE_UPHELD", "DISPUTE_REJECTED", "DISPUTE_ADJUSTED", "OPT_OUT_RECORDED",
      "OPT_IN_RECORDED", "DEBTOR_DETAILS_UPDATED", "DEBTOR_DETAILS_VERIFIED", "PERSONAL_DATA_ERASED",
      "VALIDATION_NOTICE_SENT", "VALIDATION_NOTICE_UNDELIVERABLE", "VALIDATION_NOTICE_REROUTED", "CALLBACK_REQUESTED");

  @Override
  public java.util.Set<String> factEvents() {
    return FACT_EVENTS;
  }

  @Override
  public Window of(UUID caseId, String elementId) {
    String channel = ContactAttempts.contactChannel(elementId);
    if (channel == null || caseId == null) {
      return null;
    }
    ContactGuard.Facts facts = attempts.facts(caseId);
    ContactGuard.Window w = guard.window(facts, channel,
        channel.equals("CALL") ? attempts.callHistory(caseId) : ContactGuard.CallHistory.NONE);
    if (channel.equals("CALL")) {
      var callback = callbacks.pending(caseId);
      if (callback.isPresent() && w.from() != null && callback.get().isAfter(w.from())) {
        // the debtor asked to be called then: the call waits for it (an empty window: the store asks again at that
        // time, and the guard's own window from then on decides)
        java.time.Instant at = callback.get();
        return new Window(at, at, "CALLBACK_REQUESTED",
            "the debtor asked to be called back at "
                + ContactGuard.debtorLocal(at, java.time.ZoneId.of(facts.debtor().timezone())));
      }
    }
    return new Window(w.from(), w.until(), w.rule(), w.reason());
  }
}
