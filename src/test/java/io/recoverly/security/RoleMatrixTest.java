package io.recoverly.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.Api;
import io.recoverly.support.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint called as every role and anonymously. A refused role gets 403 "Not allowed"; nobody signed in gets
 * 401; an allowed role gets past authorization (its answer may still be 400/404 for the deliberately harmless
 * requests used here: random ids, invalid bodies, so the matrix changes nothing).
 */
class RoleMatrixTest extends ApiTestSupport {

  static final List<String> USERS = List.of("agent", "field-agent", "supervisor", "compliance", "manager", "admin");
  static final Set<String> ALL = Set.copyOf(USERS);
  static final Set<String> WORKERS = Set.of("agent", "field-agent", "supervisor", "compliance", "admin");
  static final Set<String> SUPERVISORS = Set.of("supervisor", "admin");
  static final Set<String> COMPLIANCE = Set.of("compliance", "admin");
  static final Set<String> PUBLIC = Set.of("anonymous");

  @LocalServerPort int port;

  record Call(String method, String path, String contentType, String body, Set<String> allowed) {}

  @Test
  void everyEndpointAnswersEveryRoleAsDesigned() throws Exception {
    UUID caseId = api.importAccount(Api.unique("MATRIX") + "-1", "300.00");
    UUID nobody = UUID.randomUUID();
    String c = "/api/cases/" + caseId;
    String json = "application/json";
    List<Call> calls = List.of(
        new Call("GET", "/api/me", null, null, ALL),
        new Call("GET", "/api/users", null, null, SUPERVISORS),
        new Call("PUT", "/api/users/nobody/roles", json, "{\"roles\":[\"AGENT\"]}", Set.of("admin")),
        new Call("GET", "/api/cases", null, null, ALL),
        new Call("GET", c, null, null, ALL),
        new Call("GET", c + "/timeline", null, null, ALL),
        new Call("GET", c + "/context", null, null, ALL),
        new Call("GET", c + "/contacts", null, null, ALL),
        new Call("GET", c + "/contact-check?channel=CALL", null, null, ALL),
        new Call("GET", c + "/opt-outs", null, null, WORKERS),
        new Call("POST", c + "/opt-outs", json, "{\"channel\":\"FAX\"}", WORKERS),
        new Call("DELETE", c + "/opt-outs/FAX", null, null, WORKERS),
        new Call("GET", c + "/audit", null, null, Set.of("supervisor", "compliance", "admin")),
        new Call("POST", c + "/reveal", json, "{}", WORKERS),
        new Call("POST", "/api/cases/" + nobody + "/disputes", json, "{\"reason\":\"OTHER\"}", WORKERS),
        new Call("POST", "/api/cases/" + nobody + "/cease-communication", json, "{}", WORKERS),
        new Call("GET", "/api/tasks", null, null, ALL),
        new Call("GET", "/api/tasks/counts", null, null, ALL),
        new Call("GET", "/api/tasks/" + nobody, null, null, ALL),
        new Call("POST", "/api/tasks/next", json, "{\"groups\":[\"no-such-queue\"]}", WORKERS),
        new Call("POST", "/api/tasks/" + nobody + "/claim", json, "{}", WORKERS),
        new Call("POST", "/api/tasks/" + nobody + "/unclaim", json, "{}", WORKERS),
        new Call("POST", "/api/tasks/" + nobody + "/complete", json, "{\"variables\":{}}", WORKERS),
        new Call("POST", "/api/tasks/" + nobody + "/assign", json, "{\"assignee\":null}", SUPERVISORS),
        new Call("GET", "/api/scripts", null, null, ALL),
        new Call("PUT", "/api/scripts/LEGAL/XX", json, "{}", COMPLIANCE),
        new Call("GET", "/api/compliance/policies", null, null, ALL),
        new Call("PUT", "/api/compliance/policies/US", json, "{}", COMPLIANCE),
        new Call("POST", "/api/payments", json, "{}", SUPERVISORS),
        new Call("POST", "/api/portfolios/import", "text/csv", "", SUPERVISORS),
        new Call("GET", "/api/dev/clock", null, null, ALL),
        new Call("GET", "/api/metrics/kpis?from=2030-01-02&to=2030-01-01", null, null,
            Set.of("supervisor", "manager", "admin")),
        new Call("GET", "/api/metrics/reports/monthly?date=2030-01-01", null, null,
            Set.of("supervisor", "manager", "admin")),
        new Call("GET", "/api/metrics/targets", null, null, Set.of("supervisor", "manager", "admin")),
        new Call("PUT", "/api/metrics/targets/x/NEVER", json, "{}", Set.of("manager", "admin")),
        new Call("GET", "/api/models", null, null, Set.of("supervisor", "compliance", "manager", "admin")),
        new Call("POST", "/api/models/validate", json, "{\"resourceName\":\"x.txt\"}", COMPLIANCE),
        new Call("POST", "/api/models/deploy", json, "{\"resourceName\":\"x.txt\"}", COMPLIANCE),
        new Call("POST", "/api/models/migrations/plan", json, "{}", COMPLIANCE),
        new Call("GET", "/api/models/drafts", null, null, Set.of("supervisor", "compliance", "manager", "admin")),
        new Call("PUT", "/api/models/drafts/x.txt", json, "{}", COMPLIANCE),
        new Call("GET", "/api/models/collection-case/diff?from=1&to=99", null, null,
            Set.of("supervisor", "compliance", "manager", "admin")),
        new Call("POST", "/api/models/migrations", json, "{}", COMPLIANCE),
        new Call("GET", "/api/models/migrations/" + nobody, null, null,
            Set.of("supervisor", "compliance", "manager", "admin")),
        new Call("POST", "/api/dev/clock/advance", json, "{\"duration\":\"P0D\"}", Set.of("admin")),
        new Call("GET", "/actuator/prometheus", null, null, Set.of("manager", "admin")),
        new Call("GET", "/actuator/health", null, null, PUBLIC),
        new Call("GET", "/v3/api-docs", null, null, PUBLIC));

    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Call call : calls) {
      for (String user : USERS) {
        HttpResponse<String> answer = send(call, user);
        boolean refused = answer.statusCode() == 403 && answer.body().contains("\"title\":\"Not allowed\"");
        boolean allowed = call.allowed().contains(user) || call.allowed() == PUBLIC;
        if (answer.statusCode() == 401 || allowed == refused) {
          wrong.add(call.method() + " " + call.path() + " as " + user + ": " + answer.statusCode()
              + (allowed ? " (should be allowed)" : " (should be 403)"));
        }
        checked++;
      }
      HttpResponse<String> anonymous = send(call, null);
      int expected = call.allowed() == PUBLIC ? 200 : 401;
      if (anonymous.statusCode() != expected) {
        wrong.add(call.method() + " " + call.path() + " anonymously: " + anonymous.statusCode() + ", expected "
            + expected);
      }
      checked++;
    }
    assertThat(wrong).as("of %d calls", checked).isEmpty();
    assertThat(checked).isEqualTo(calls.size() * 7);
  }

  private HttpResponse<String> send(Call call, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + call.path()))
        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(call.body()));
    if (call.contentType() != null) {
      request.header("Content-Type", call.contentType());
    }
    if (user != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
