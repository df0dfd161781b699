package io.recoverly.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before security and the controllers, any request whose query or form parameters (names and values) or
 * multipart part names and file names carry what {@link InputHygiene} forbids in a single line of text: control
 * characters, CR and LF included (a {@code %0A} would otherwise forge a log line). The answer is a 400 problem detail
 * naming every parameter at fault; nothing of the request runs.
 */
class RequestHygieneFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(RequestHygieneFilter.class);
  private final ObjectMapper json;

  RequestHygieneFilter(ObjectMapper json) {
    this.json = json;
  }

  @Configuration
  static class Registration {
    @Bean
    FilterRegistrationBean<RequestHygieneFilter> requestHygieneFilter(ObjectMapper json) {
      FilterRegistrationBean<RequestHygieneFilter> registration = new FilterRegistrationBean<>(
          new RequestHygieneFilter(json));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
      return registration;
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<Map<String, String>> errors = new ArrayList<>();
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException e) {
      refuse(request, response, HttpStatus.BAD_REQUEST,
          List.of(Map.of("field", "", "message", "the request's parameters are not readable")));
      return;
    }
    parameters.forEach((name, values) -> {
      check(errors, name, name, "parameter name");
      for (String value : values) {
        check(errors, name, value, "value");
      }
    });
    String type = request.getContentType();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)
        && errors.isEmpty()) {
      try {
        for (Part part : request.getParts()) {
          check(errors, part.getName(), part.getName(), "part name");
          check(errors, part.getName(), part.getSubmittedFileName(), "file name");
          // the name as Spring reads it: filename* (RFC 5987) is percent-decoded, so %0A becomes a line feed
          String disposition = part.getHeader("Content-Disposition");
          if (disposition != null) {
            try {
              check(errors, part.getName(), org.springframework.http.ContentDisposition.parse(disposition).getFilename(),
                  "file name");
            } catch (IllegalArgumentException e) {
              errors.add(Map.of("field", InputHygiene.printable(part.getName()), "message",
                  "the part's Content-Disposition is malformed"));
            }
          }
        }
      } catch (IOException | ServletException | IllegalStateException e) {
        // a malformed multipart body (no boundary, a part that never ends) or one too large
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        // a part whose headers (a very long file name) pass the container's limit is not a large body
        boolean headers = message.contains("header");
        boolean tooLarge = message.contains("exceed") && !headers;
        refuse(request, response, tooLarge ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST,
            List.of(Map.of("field", "", "message", tooLarge ? "the multipart body is too large"
                : headers ? "a part's headers are too long (a file name of at most a few hundred characters)"
                : "the multipart body is malformed")));
        return;
      }
    }
    if (!errors.isEmpty()) {
      refuse(request, response, HttpStatus.BAD_REQUEST, errors);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void check(List<Map<String, String>> errors, String field, String text, String what) {
    Optional<String> problem = InputHygiene.lineProblem(text);
    problem.ifPresent(p -> {
      Map<String, String> error = Map.of("field", InputHygiene.printable(field), "message", "the " + what + " " + p);
      // the file name is read twice (as the container and as Spring decode it): one problem is said once
      if (!errors.contains(error)) {
        errors.add(error);
      }
    });
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
      List<Map<String, String>> errors) throws IOException {
    String detail = errors.stream().map(e -> (e.get("field").isEmpty() ? "" : e.get("field") + ": ") + e.get("message"))
        .reduce((a, b) -> a + "; " + b).orElse("invalid request");
    log.info("Rejected request {} {}: {} {}", request.getMethod(), InputHygiene.printable(request.getRequestURI()),
        status.value(), detail);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle("Invalid request");
    problem.setInstance(java.net.URI.create(org.springframework.web.util.UriUtils.encodePath(
        InputHygiene.printable(request.getRequestURI()), java.nio.charset.StandardCharsets.UTF_8)));
    problem.setProperty("errors", errors);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
