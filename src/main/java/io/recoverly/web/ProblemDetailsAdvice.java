package io.recoverly.web;

import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 7807 problem details for malformed and invalid requests, naming every offending field
 * ({@code errors: [{field, message}]}) instead of Spring's generic "Invalid request content".
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** Every refused request is logged once, here: method, path, status, title and detail (never the body). */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    if (statusCode.is4xxClientError()) {
      String what = body instanceof ProblemDetail p ? p.getTitle() + ": " + p.getDetail()
          : ex instanceof org.springframework.web.ErrorResponse e ? e.getBody().getTitle() + ": " + e.getBody().getDetail()
          : ex.getClass().getSimpleName();
      String where = request instanceof org.springframework.web.context.request.ServletWebRequest w
          ? w.getRequest().getMethod() + " " + w.getRequest().getRequestURI() : request.getDescription(false);
      log.info("Rejected request {}: {} {}", where, statusCode.value(), abbreviate(what));
    }
    return super.handleExceptionInternal(ex, body, headers, statusCode, request);
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> Map.of("field", e.getField(), "message", message(e)))
            .toList();
    return problem(ex, status, headers, request, "Invalid request", errors);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            e ->
                                Map.of(
                                    "field",
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    "message",
                                    message(e))))
            .toList();
    return problem(ex, status, headers, request, "Invalid request", errors);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Throwable cause = ex.getMostSpecificCause();
    if (cause instanceof GuardedJsonFactory.InputRefused refused) {
      return problem(ex, status, headers, request, "Invalid request",
          List.of(Map.of("field", refused.field(), "message", refused.problem())));
    }
    if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String message = clientText(firstLine(mapping.getOriginalMessage()));
      return problem(ex, status, headers, request, "Invalid request",
          List.of(Map.of("field", path(mapping.getPath()), "message", abbreviate(message))));
    }
    String message = cause instanceof com.fasterxml.jackson.core.JacksonException jackson
        ? jackson.getOriginalMessage() : cause.getMessage();
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "The request body is not readable JSON: "
        + abbreviate(clientText(firstLine(message))));
    body.setTitle("Malformed request");
    return handleExceptionInternal(ex, body, headers, status, request);
  }

  /** A multipart body the servlet container could not read: the client's fault, not the server's. */
  @org.springframework.web.bind.annotation.ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
  ResponseEntity<Object> handleMultipart(org.springframework.web.multipart.MultipartException ex, WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "the multipart body is malformed or not one the operation takes");
    body.setTitle("Malformed request");
    return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
  }

  /**
   * An exception text as a client may read it: no Java class names ("bound as `io.recoverly…$CompleteRequest`"), no
   * control characters.
   */
  static String clientText(String text) {
    if (text == null) {
      return "";
    }
    String plain = text.replaceAll(" ?\\(bound as `[^`]*`\\)", "")
        .replaceAll("`?(io\\.recoverly|java\\.lang|java\\.util|java\\.time|java\\.math)\\.[\\w.$]*\\.(\\w+)`?", "$2")
        .replaceAll("`?(io\\.recoverly|java\\.lang|java\\.util|java\\.time|java\\.math)\\.([\\w$]+)`?", "$2")
        .replaceAll("\\w+\\$(\\w+)", "$1");
    return InputHygiene.printable(plain);
  }

  /** A JSON path as the problem names it: {@code variables.callNotes}, {@code roles[0]}. */
  private static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (var reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(InputHygiene.printable(reference.getFieldName()));
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private ResponseEntity<Object> problem(
      Exception ex, HttpStatusCode status, HttpHeaders headers, WebRequest request, String title,
      List<Map<String, String>> errors) {
    String detail =
        errors.stream().map(e -> e.get("field") + ": " + e.get("message")).reduce((a, b) -> a + "; " + b)
            .orElse("invalid request");
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    body.setProperty("errors", errors);
    return handleExceptionInternal(ex, body, headers, status, request);
  }

  private static String message(MessageSourceResolvable error) {
    return error instanceof FieldError f && f.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage();
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
