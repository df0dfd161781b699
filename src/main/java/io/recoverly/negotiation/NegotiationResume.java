package io.recoverly.negotiation;

import io.recoverly.cases.CaseStage;
import io.recoverly.cases.StageResume;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A case resumed at negotiation after the engine lost its instance goes on with its open promise (the stage's gateway
 * reads {@code callOutcome}; {@code record-promise} finds the promise on record and waits for its date again). A
 * settlement or a plan the lost instance was working on is not rebuilt: the launcher then contacts the debtor again.
 */
@Component
class NegotiationResume implements StageResume {

  private final Promises promises;

  NegotiationResume(Promises promises) {
    this.promises = promises;
  }

  @Override
  public Map<String, Object> variables(UUID caseId, CaseStage stage) {
    if (stage != CaseStage.NEGOTIATION) {
      return Map.of();
    }
    return promises.open(caseId).<Map<String, Object>>map(p -> Map.of("callOutcome", "PROMISE_TO_PAY",
        "promiseAmount", p.amount(), "promiseDate", p.promisedFor().toString())).orElse(Map.of());
  }
}
