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
 * @param availability when the task can be worked (the contact guard's window for calls and visits)
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
    CaseSummary caseSummary,
    Availability availability) {

  /**
   * When the task can be worked.
   *
   * @param now it can be worked at this moment
   * @param from the first moment it can be worked (null: no time, while the facts hold)
   * @param until when that window closes again (null: nothing closes it)
   * @param rule the rule that keeps it from being worked now (null when it can be)
   * @param reason that rule in words, with the next allowed time in the debtor's local time
   */
  public record Availability(boolean now, Instant from, Instant until, String rule, String reason) {}

  /** Enough of the case to prioritise the task; {@code timezone} is the debtor's (their local time for contact). */
  public record CaseSummary(
      String accountRef, String debtorName, BigDecimal balance, String currency, String stage, String jurisdiction,
      int dpd, String timezone) {}
}
