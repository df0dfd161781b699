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
    // the mapping problem itself, not its deepest cause (a date parser's "could not be parsed at index 10")
    com.fasterxml.jackson.databind.exc.MismatchedInputException found = null;
    for (Throwable t = ex.getCause(); t != null && found == null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
        found = m;
      }
    }
    if (found != null && found.getTargetType() != null) {
      var mismatch = found;
      // "Cannot construct instance of ArrayList (although at least one Creator exists)" says nothing to a client
      String value = mismatch instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid
          && invalid.getValue() != null ? " (not " + abbreviate(clientText(String.valueOf(invalid.getValue()))) + ")"
          : "";
      return problem(ex, status, headers, request, "Invalid request",
          List.of(Map.of("field", mismatch.getPath().isEmpty() ? "body" : path(mismatch.getPath()),
              "message", "expected " + expected(mismatch.getTargetType())
              + value)));
    }
    if (cause instanceof com.fasterxml.jackson.core.exc.InputCoercionException coercion) {
      String field = "body";
      try {
        if (coercion.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser
            && parser.currentName() != null) {
          field = InputHygiene.printable(parser.currentName());
        }
      } catch (java.io.IOException unreadable) {
        // the field stays unnamed
      }
      return problem(ex, status, headers, request, "Invalid request",
          List.of(Map.of("field", field, "message", "a number out of the range this field takes")));
    }
    if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String message = clientText(firstLine(mapping.getOriginalMessage()));
      return problem(ex, status, headers, request, "Invalid request",
          List.of(Map.of("field", path(mapping.getPath()), "message", abbreviate(message))));
    }
    if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
      ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "this operation takes a JSON body");
      body.setTitle("Malformed request");
      return handleExceptionInternal(ex, body, headers, status, request);
    }
    String message = cause instanceof com.fasterxml.jackson.core.JacksonException jackson
        ? jackson.getOriginalMessage() : cause.getMessage();
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "The request body is not readable JSON: "
        + abbreviate(clientText(firstLine(message))));
    body.setTitle("Malformed request");
    return handleExceptionInternal(ex, body, headers, status, request);
  }

  /** What a field of this type takes, in words. */
  static String expected(Class<?> type) {
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a text";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (type == java.time.LocalDate.class) {
      return "a date (yyyy-mm-dd)";
    }
    if (type == java.time.LocalTime.class) {
      return "a time of day (HH:mm, 00:00 to 23:59)";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "a date and time (ISO 8601, e.g. 2026-12-03T09:00:00Z)";
    }
    if (type == java.time.Duration.class) {
      return "a duration (ISO 8601, e.g. P1D)";
    }
    if (type == java.util.UUID.class) {
      return "an id (UUID)";
    }
    return "an object";
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
        ? m.getName() : String.valueOf(ex.getPropertyName());
    String message = ex.getValue() instanceof Object[] values && values.length > 1 ? "give it once"
        : "expected " + (ex.getRequiredType() == null ? "another value" : expected(ex.getRequiredType()));
    return problem(ex, status, headers, request, "Invalid request",
        List.of(Map.of("field", InputHygiene.printable(name), "message", message)));
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
