package io.recoverly.engine;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The clock of an external cluster belongs to the cluster: only the embedded engine's clock can be moved. */
public class ClockNotControllableException extends ErrorResponseException {

  ClockNotControllableException(EngineMode mode) {
    super(HttpStatus.CONFLICT, problem(mode), null);
  }

  private static ProblemDetail problem(EngineMode mode) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "The engine clock can only be moved in embedded mode; this instance runs in "
                + mode.name().toLowerCase()
                + " mode, where time belongs to the Camunda cluster.");
    problem.setTitle("Engine clock not controllable");
    return problem;
  }
}
