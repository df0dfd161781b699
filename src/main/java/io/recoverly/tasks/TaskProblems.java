package io.recoverly.tasks;

import io.recoverly.web.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** RFC 7807 answers of the task API. */
final class TaskProblems {

  private TaskProblems() {}

  static ErrorResponseException notFound(Object id) {
    return problem(HttpStatus.NOT_FOUND, "Task not found", "No task with id " + id);
  }

  static ErrorResponseException conflict(String detail) {
    return problem(HttpStatus.CONFLICT, "Task not available", detail);
  }

  static ErrorResponseException invalidForm(List<Map<String, String>> errors) {
    ErrorResponseException e =
        problem(
            HttpStatus.BAD_REQUEST,
            "Invalid form submission",
            errors.stream().map(x -> x.get("field") + ": " + x.get("message")).reduce((a, b) -> a + "; " + b)
                .orElse("invalid") + ". The task stays open.");
    e.getBody().setProperty("errors", errors);
    return e;
  }

  static ErrorResponseException forbidden(String detail) {
    return problem(HttpStatus.FORBIDDEN, "Not your queue", detail);
  }

  /** Next task found nothing that can be worked now: when the first waiting task can be, and how many wait. */
  static ErrorResponseException noWorkNow(String detail, java.time.Instant nextActionableAt, long waiting) {
    ErrorResponseException e = problem(HttpStatus.NOT_FOUND, "No task to work now", detail);
    e.getBody().setProperty("nextActionableAt", nextActionableAt == null ? null : nextActionableAt.toString());
    e.getBody().setProperty("waiting", waiting);
    return e;
  }

  static ErrorResponseException badRequest(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
  }

  private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
    return Problems.of(status, title, detail).exception();
  }
}
