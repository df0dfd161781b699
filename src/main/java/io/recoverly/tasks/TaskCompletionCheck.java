package io.recoverly.tasks;

import java.util.Map;

/**
 * A capability's veto before a person completes a task (say, the contact guard before a call is recorded). Runs after
 * the form is validated and before the job is completed; throw a problem ({@code Problems…exception()}) to refuse,
 * and the task stays open.
 */
public interface TaskCompletionCheck {

  void check(TaskView task, Map<String, Object> variables);
}
