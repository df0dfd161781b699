package io.recoverly.tasks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user task with a summary of its case.
 *
 * @param name readable name derived from the BPMN element id
 * @param state OPEN, COMPLETED or CANCELED
 * @param overdue the due date has passed (engine clock)
 */
public record TaskView(
    UUID id,
    UUID caseId,
    String elementId,
    String name,
    List<String> candidateGroups,
    String formId,
    String state,
    String assignee,
    Instant createdAt,
    Instant dueAt,
    Instant completedAt,
    String completedBy,
    boolean overdue,
    CaseSummary caseSummary) {

  /** Enough of the case to prioritise the task. */
  public record CaseSummary(
      String accountRef, String debtorName, BigDecimal balance, String currency, String stage, String jurisdiction,
      int dpd) {}
}
