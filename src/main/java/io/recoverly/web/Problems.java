package io.recoverly.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 7807 answers for refused requests: {@code throw Problems.of(BAD_REQUEST, "Invalid payment", "…").field("amount")
 * .exception()}. Spring renders the exception as {@code application/problem+json}; nothing else needs to catch it.
 */
public final class Problems {

  private final HttpStatus status;
  private final ProblemDetail problem;

  private Problems(HttpStatus status, String title, String detail) {
    this.status = status;
    this.problem = ProblemDetail.forStatusAndDetail(status, detail);
    this.problem.setTitle(title);
  }

  public static Problems of(HttpStatus status, String title, String detail) {
    return new Problems(status, title, detail);
  }

  /** Names the request field at fault. */
  public Problems field(String field) {
    if (field != null) {
      problem.setProperty("field", field);
    }
    return this;
  }

  /** Adds any other property (row, errors, …). */
  public Problems with(String name, Object value) {
    problem.setProperty(name, value);
    return this;
  }

  public ErrorResponseException exception() {
    return new ErrorResponseException(status, problem, null);
  }

  public ProblemDetail detail() {
    return problem;
  }
}
