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
  /**
   * Contact ceased for good: a supervisor decides how the case ends. Entered through the cease-communication event
   * subprocess, which cannot be a start instruction: a re-opened case is sent there by re-sending the request.
   */
  REVIEW(null, "cease-communication-handler"),
  CLOSED(null);

  private final String elementId;
  private final String listenerElementId;

  CaseStage(String elementId) {
    this(elementId, elementId);
  }

  CaseStage(String elementId, String listenerElementId) {
    this.elementId = elementId;
    this.listenerElementId = listenerElementId;
  }

  /** The BPMN element that starts this stage, empty for stages that are not an element of the model. */
  public Optional<String> elementId() {
    return Optional.ofNullable(elementId);
  }

  /** The stage whose start listener runs on this element. */
  static Optional<CaseStage> ofElementId(String elementId) {
    return Arrays.stream(values()).filter(s -> elementId.equals(s.listenerElementId)).findFirst();
  }

  static Optional<CaseStage> parse(String text) {
    return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(text.trim())).findFirst();
  }
}
