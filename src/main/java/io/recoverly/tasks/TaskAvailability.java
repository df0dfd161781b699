package io.recoverly.tasks;

import java.time.Instant;
import java.util.UUID;

/**
 * When an open task can next be worked, supplied by the capability that owns the rule (the contact guard for calls and
 * visits). The task store asks when a task is created, when a fact of its case changes and when a window it was given
 * opens or closes, and keeps the answer on the task, so that inboxes and Next task filter and sort on it without
 * asking per row.
 */
public interface TaskAvailability {

  /**
   * @param from the first moment the task can be worked (now or earlier: at once); null when no time makes it workable
   *     while the facts hold (the debtor asked us to stop, no phone on file)
   * @param until when the window that opens at {@code from} closes again (contact hours); null when nothing closes it
   * @param rule the rule that keeps it from being worked now; null when it can be worked now
   * @param reason the rule in words, with the next allowed time in the debtor's local time
   */
  record Window(Instant from, Instant until, String rule, String reason) {}

  /** The window of a task of {@code caseId} at BPMN element {@code elementId}, or null when this rule has no say. */
  Window of(UUID caseId, String elementId);

  /**
   * The case timeline events that can change a window this rule gives (a dispute raised, new contact details, …): on
   * one of them the case's open tasks are asked again. Every other event passes without a query.
   */
  java.util.Set<String> factEvents();
}
