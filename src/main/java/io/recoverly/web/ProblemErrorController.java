package io.recoverly.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): whatever went wrong outside the controllers (a filter's refusal, an
 * unhandled exception), the answer is a problem detail, whatever the client accepts. No exception text and no stack
 * trace leave the server; 5xx answers say only that the request could not be answered (the log has the cause).
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
class ProblemErrorController implements ErrorController {

  @RequestMapping(path = "/error", produces = MediaType.ALL_VALUE)
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (code == null) {
      // asked for directly, not forwarded by the container: there is nothing here
      ProblemDetail missing = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such resource");
      missing.setTitle(HttpStatus.NOT_FOUND.getReasonPhrase());
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(missing);
    }
    HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
        ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
    if (!status.isError()) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    String detail = status.is5xxServerError() || message == null || message.toString().isBlank()
        ? (status.is5xxServerError() ? "the server could not answer this request" : status.getReasonPhrase())
        : InputHygiene.printable(message.toString());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(status.getReasonPhrase());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
