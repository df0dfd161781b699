package io.recoverly.cases;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

public class CaseNotFoundException extends ErrorResponseException {

  CaseNotFoundException(UUID id) {
    super(HttpStatus.NOT_FOUND, problem(id), null);
  }

  private static ProblemDetail problem(UUID id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No case with id " + id);
    problem.setTitle("Case not found");
    return problem;
  }
}
