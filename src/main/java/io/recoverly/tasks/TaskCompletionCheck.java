package io.recoverly.tasks;

import java.util.List;
import java.util.Map;
import org.springframework.web.ErrorResponseException;

/**
 * A capability's veto before a person completes a task: the domain's rules for what the form collected (a promise
 * within the balance and the promise window, the contact guard before a call is recorded). Runs after the form is
 * validated and before anything is recorded; throw a problem to refuse ({@link #invalid} for field errors, a 400), and
 * the task stays open. No submission may reach the engine that the process cannot hold: what the workers would refuse
 * is refused here, while the person can still correct it.
 */
public interface TaskCompletionCheck {

  void check(TaskView task, Map<String, Object> variables);

  /** A 400 naming each field at fault ({@code {field, message}}), like the form's own validation. */
  static ErrorResponseException invalid(List<Map<String, String>> errors) {
    return TaskProblems.invalidForm(errors);
  }

  /** One {field, message} entry for {@link #invalid}. */
  static Map<String, String> error(String field, String message) {
    return Map.of("field", field, "message", message);
  }
}
