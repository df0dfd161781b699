package io.recoverly.compliance;

import io.recoverly.engine.EngineCommands;
import io.recoverly.web.Problems;
import io.recoverly.cases.CaseStage;
import io.recoverly.cases.CaseStatus;
import io.recoverly.cases.CaseTimeline;
import io.recoverly.cases.CaseView;
import io.recoverly.cases.Cases;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A debtor's request to stop all communication (US Reg F §1006.6(c)): recorded once, honoured by the contact guard
 * for good, and sent to the case's process ({@code cease-communication}), which ends collection and asks a
 * supervisor how the case closes.
 */
@Service
public class CeaseCommunication {

  private final Cases cases;
  private final CaseTimeline timeline;
  private final EngineCommands messages;

  CeaseCommunication(Cases cases, CaseTimeline timeline, EngineCommands messages) {
    this.cases = cases;
    this.timeline = timeline;
    this.messages = messages;
  }

  /** @return true when newly recorded; false when contact had already ceased (nothing changes) */
  @Transactional
  public boolean request(UUID caseId, String reason) {
    if (reason != null && reason.length() > 500) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", "reason: at most 500 characters").field("reason")
          .exception();
    }
    CaseView view = cases.get(caseId);
    if (view.status() == CaseStatus.CLOSED) {
      throw Problems.of(HttpStatus.CONFLICT, "Case closed",
          "case " + caseId + " is closed (" + view.outcome() + "): nothing left to stop").exception();
    }
    if (!cases.ceaseContact(caseId, reason)) {
      return false;
    }
    // the open task leaves when the engine replaces it with the review (Tasks: one open task per case at a time)
    cases.moveToStage(caseId, CaseStage.REVIEW, "the debtor asked us to stop all communication");
    timeline.record(caseId, "CEASE_COMMUNICATION", "Cease-communication request received: no further contact",
        reason == null ? Map.of() : Map.of("reason", io.recoverly.cases.PiiMask.scrubText(reason)), null);
    messages.publishMessage("cease-communication", caseId.toString(), "cease:" + caseId, Map.of());
    return true;
  }
}
