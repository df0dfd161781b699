package io.recoverly.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.ApiTestSupport;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** How people sign in: the web UI's form login with session and CSRF cookie, the API's HTTP Basic, refusals. */
class SecurityTest extends ApiTestSupport {

  @LocalServerPort int port;

  private final CookieManager cookies = new CookieManager();
  private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private String xsrf() {
    return cookies.getCookieStore().get(uri("/")).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return browser.send(request.header("X-Requested-With", "XMLHttpRequest").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> login(String user, String password) throws Exception {
    send(HttpRequest.newBuilder(uri("/api/me"))); // 401, but hands out the CSRF cookie
    return send(HttpRequest.newBuilder(uri("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf())
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
  }

  @Test
  void theWebUiSignsInWithAFormAndNeedsTheCsrfTokenForChanges() throws Exception {
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/me")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    // the UI's own requests get no Basic challenge (no browser password dialog)
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(anonymous.body()).contains("\"title\":\"Sign in required\"");

    assertThat(login("agent", "wrong").statusCode()).isEqualTo(401);
    assertThat(login("agent", "agent").statusCode()).isEqualTo(204);
    assertThat(send(HttpRequest.newBuilder(uri("/api/me"))).body()).contains("\"username\":\"agent\"");

    // a change without the CSRF header is refused even with a valid session; with it, it goes through
    HttpRequest.Builder next = HttpRequest.newBuilder(uri("/api/tasks/next")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"groups\":[\"agents\"]}"));
    assertThat(send(next).statusCode()).isEqualTo(403);
    assertThat(send(next.copy().header("X-XSRF-TOKEN", xsrf())).statusCode()).isIn(200, 404);

    assertThat(send(HttpRequest.newBuilder(uri("/logout")).header("X-XSRF-TOKEN", xsrf())
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);
    assertThat(send(HttpRequest.newBuilder(uri("/api/me"))).statusCode()).isEqualTo(401);
  }

  @Test
  void apiClientsUseHttpBasicAndRolesDecide() throws Exception {
    HttpResponse<String> challenge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/cases")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

    assertThat(status("agent", "POST", "/api/dev/clock/advance", "{\"duration\":\"PT1S\"}")).isEqualTo(403);
    assertThat(status("manager", "POST", "/api/tasks/next", "{}")).isEqualTo(403);
    assertThat(status("agent", "POST", "/api/payments", "{}")).isEqualTo(403);
    assertThat(status("agent", "GET", "/api/users", null)).isEqualTo(403);
    assertThat(status("supervisor", "GET", "/api/users", null)).isEqualTo(200);
    assertThat(status("agent", "GET", "/actuator/prometheus", null)).isEqualTo(403);
    assertThat(status("manager", "GET", "/actuator/prometheus", null)).isEqualTo(200);
    assertThat(status(null, "GET", "/actuator/health", null)).isEqualTo(200);
    assertThat(status(null, "GET", "/", null)).isEqualTo(200);
    // passwords are stored as bcrypt hashes, never in clear
    assertThat(jdbc.sql("select password_hash from app_user where username = 'agent'").query(String.class).single())
        .startsWith("{bcrypt}$2").doesNotContain("agent");
  }

  @Test
  void anAdministratorChangesRolesAndTheChangeIsAudited() throws Exception {
    assertThat(status("supervisor", "PUT", "/api/users/agent2/roles", "{\"roles\":[\"SUPERVISOR\"]}"))
        .isEqualTo(403);
    assertThat(status("admin", "PUT", "/api/users/agent2/roles", "{\"roles\":[]}")).isEqualTo(400);
    assertThat(status("admin", "PUT", "/api/users/nobody/roles", "{\"roles\":[\"AGENT\"]}")).isEqualTo(404);
    // the only administrator cannot take the role from themselves (nobody could give it back)
    assertThat(status("admin", "PUT", "/api/users/admin/roles", "{\"roles\":[\"AGENT\"],\"groups\":[\"agents\"]}"))
        .isEqualTo(409);
    assertThat(api.get("/api/me").path("roles").toString()).contains("ADMIN");
    assertThat(status("admin", "PUT", "/api/users/agent2/roles",
        "{\"roles\":[\"AGENT\"],\"groups\":[\"agents\",\"disputes\"]}")).isEqualTo(200);
    try {
      assertThat(api.as("agent2").get("/api/me").path("groups").toString()).isEqualTo("[\"agents\",\"disputes\"]");
      var row = jdbc.sql("select actor, after -> 'groups' as groups from audit_event where action = 'ROLES_CHANGED'"
          + " order by id desc limit 1").query().singleRow();
      assertThat(row.get("actor")).isEqualTo("admin");
      assertThat(row.get("groups").toString()).contains("disputes");
    } finally {
      assertThat(status("admin", "PUT", "/api/users/agent2/roles",
          "{\"roles\":[\"AGENT\"],\"groups\":[\"agents\"]}")).isEqualTo(200);
    }
  }

  /** Issue 17, finding 5: a demoted user's open web session loses the old rights on its next request. */
  @Test
  void aRoleChangeTakesEffectOnTheOpenSessionsNextRequest() throws Exception {
    assertThat(login("agent2", "agent2").statusCode()).isEqualTo(204);
    HttpRequest.Builder next = HttpRequest.newBuilder(uri("/api/tasks/next")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
    send(HttpRequest.newBuilder(uri("/api/me"))); // sign-in renews the CSRF token: the next request hands it out
    assertThat(send(next.copy().header("X-XSRF-TOKEN", xsrf())).statusCode()).isIn(200, 404);
    try {
      assertThat(status("admin", "PUT", "/api/users/agent2/roles", "{\"roles\":[\"MANAGER\"],\"groups\":[]}"))
          .isEqualTo(200);
      assertThat(send(next.copy().header("X-XSRF-TOKEN", xsrf())).statusCode()).isEqualTo(403);
      assertThat(send(HttpRequest.newBuilder(uri("/api/me"))).body()).contains("MANAGER").doesNotContain("AGENT");
      assertThat(send(HttpRequest.newBuilder(uri("/api/metrics/targets"))).statusCode()).isEqualTo(200);
    } finally {
      assertThat(status("admin", "PUT", "/api/users/agent2/roles",
          "{\"roles\":[\"AGENT\"],\"groups\":[\"agents\"]}")).isEqualTo(200);
    }
    assertThat(send(next.copy().header("X-XSRF-TOKEN", xsrf())).statusCode()).isIn(200, 404);
  }

  /** Issue 17, finding 15: a session cookie with any Authorization header still needs the CSRF token. */
  @Test
  void aSessionCookieNeedsTheCsrfTokenWhateverElseTheRequestCarries() throws Exception {
    assertThat(login("agent", "agent").statusCode()).isEqualTo(204);
    send(HttpRequest.newBuilder(uri("/api/me")));
    HttpRequest.Builder forged = HttpRequest.newBuilder(uri("/api/tasks/next")).header("Content-Type",
        "application/json").header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.ofString("{}"));
    assertThat(send(forged).statusCode()).isEqualTo(403);
    assertThat(send(forged.copy().setHeader("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString("agent:agent".getBytes()))).statusCode()).isEqualTo(403);
    // the refusal says why, and the token counts in its header only (a query string ends up in logs)
    HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/tasks/next?_csrf=" + xsrf()))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("CSRF token missing or invalid");
  }

  /** Issue 17, finding 13: HEAD is authorized as GET (it answered 200 with the export's length to an agent). */
  @Test
  void headIsAuthorizedAsGet() throws Exception {
    String caseId = api.importAccount(io.recoverly.support.Api.unique("HEAD") + "-1", "100.00").toString();
    assertThat(status("agent", "HEAD", "/api/cases/" + caseId + "/audit", null)).isEqualTo(403);
    assertThat(status("manager", "HEAD", "/api/cases/" + caseId + "/audit?format=csv", null)).isEqualTo(403);
    assertThat(status("compliance", "HEAD", "/api/cases/" + caseId + "/audit", null)).isEqualTo(200);
    assertThat(status(null, "HEAD", "/api/cases", null)).isEqualTo(401);
  }

  /** Issue 17, finding 15: anonymous callers of the health endpoint get its status only, no disk paths or sizes. */
  @Test
  void anonymousHealthShowsTheStatusOnly() throws Exception {
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/actuator/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(api.as("manager").get("/actuator/health").path("components").has("diskSpace")).isTrue();
  }

  @Test
  void demoUsersExistOnlyInTheEmbeddedMode() {
    var runner = new org.springframework.boot.test.context.runner.ApplicationContextRunner()
        .withBean(AppUsers.class, () -> org.mockito.Mockito.mock(AppUsers.class))
        .withUserConfiguration(DemoUsers.class);
    runner.run(context -> assertThat(context).hasSingleBean(DemoUsers.class));
    runner.withPropertyValues("recoverly.engine.mode=cluster")
        .run(context -> assertThat(context).doesNotHaveBean(DemoUsers.class));
    runner.withPropertyValues("recoverly.security.demo-users=false")
        .run(context -> assertThat(context).doesNotHaveBean(DemoUsers.class));
  }

  private int status(String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
