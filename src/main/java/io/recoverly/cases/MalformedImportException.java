package io.recoverly.cases;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The file itself cannot be read as a portfolio: nothing of it is imported. */
class MalformedImportException extends ErrorResponseException {

  MalformedImportException(int row, String field, String message) {
    this(row, field, message, null);
  }

  MalformedImportException(int row, String field, String message, Throwable cause) {
    super(HttpStatus.BAD_REQUEST, problem(row, field, message), cause);
  }

  private static ProblemDetail problem(int row, String field, String message) {
    String where = row == 0 ? "header" : "row " + row;
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            where + (field == null ? "" : ", field " + field) + ": " + message + ". Nothing was imported.");
    problem.setTitle("Malformed portfolio file");
    problem.setProperty("row", row);
    if (field != null) {
      problem.setProperty("field", field);
    }
    return problem;
  }
}
