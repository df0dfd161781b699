package io.recoverly.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report as an RFC 7807 problem detail. It answers the requests that Tomcat refuses before any filter
 * or servlet sees them (an encoded slash or NUL in the path, a malformed URL or header), which would otherwise get
 * Tomcat's HTML page with its version. Public with a no-argument constructor: Tomcat creates it by class name.
 */
public class ProblemReportValve extends ErrorReportValve {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemReportValve.class);

  public ProblemReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String title = reason(status);
    String detail = status >= 500 ? "the server could not answer this request"
        : response.getMessage() == null || response.getMessage().isBlank() ? title
        : InputHygiene.printable(response.getMessage());
    String body = "{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status + ",\"detail\":"
        + quote(detail) + "}";
    try {
      // bytes, not the writer: the writer would add a charset parameter; the body is ASCII (quote() escapes the rest)
      response.setContentType("application/problem+json");
      byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
      response.finishResponse();
      // a URI Tomcat refused has no decoded form: the raw one, escaped, says where it went
      String uri = request.getDecodedRequestURI() != null ? request.getDecodedRequestURI() : request.getRequestURI();
      log.info("Rejected request {} {}: {} {}", request.getMethod(), InputHygiene.printable(String.valueOf(uri)),
          status, detail);
    } catch (IOException | IllegalStateException e) {
      // the client went away, or the response was already on its way: nothing more to say
    }
  }

  private static String reason(int status) {
    try {
      return org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase();
    } catch (IllegalArgumentException e) {
      return "Error " + status;
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7E) {
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

}
