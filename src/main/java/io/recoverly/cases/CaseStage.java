package io.recoverly.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a case stands in its lifecycle. A stage that is a BPMN element (an embedded subprocess or call activity with
 * id {@code <stage>-stage}) is where a re-opened case re-enters its process.
 */
public enum CaseStage {
  INTAKE(null),
  CONTACT("contact-stage"),
  NEGOTIATION("negotiation-stage"),
  MONITORING("monitoring-stage"),
  DISPUTE("review-dispute"),
  LEGAL("legal-stage"),
  /** Contact ceased for good: a supervisor decides how the case ends (re-opened by re-sending the request). */
  REVIEW(null),
  CLOSED(null);

  private final String elementId;

  CaseStage(String elementId) {
    this.elementId = elementId;
  }

  /** The BPMN element that starts this stage, empty for stages that are not an element of the model. */
  public Optional<String> elementId() {
    return Optional.ofNullable(elementId);
  }

  static Optional<CaseStage> ofElementId(String elementId) {
    return Arrays.stream(values()).filter(s -> elementId.equals(s.elementId)).findFirst();
  }

  static Optional<CaseStage> parse(String text) {
    return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(text.trim())).findFirst();
  }
}
