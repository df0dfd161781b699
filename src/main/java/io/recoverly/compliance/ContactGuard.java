package io.recoverly.compliance;

import io.recoverly.cases.Cases;
import io.recoverly.disputes.Disputes;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Decides whether an outbound contact may happen now. */
@Service
public class ContactGuard {

  private final Disputes disputes;
  private final Cases cases;

  ContactGuard(Disputes disputes, Cases cases) {
    this.disputes = disputes;
    this.cases = cases;
  }

  /**
   * @param allowed whether the contact may go out
   * @param rule the rule that decided (ALLOW when nothing objects)
   */
  public record Decision(boolean allowed, String rule, String reason) {}

  public Decision check(UUID caseId, String channel) {
    if (cases.contactCeased(caseId)) {
      return new Decision(false, "CEASE_COMMUNICATION", "the debtor asked us to stop all communication");
    }
    if (disputes.isOpen(caseId)) {
      return new Decision(false, "DISPUTE_OPEN", "a dispute is open: no contact until it is resolved");
    }
    return new Decision(true, "ALLOW", "no rule objects");
  }
}
