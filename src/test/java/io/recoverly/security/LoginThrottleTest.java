package io.recoverly.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Brute-force protection (issue 17, finding 14): 70 wrong passwords in a row used to leave the right one working.
 * Now, after a few failures, each attempt waits a growing delay (429 with Retry-After, the password not even checked),
 * the block is audited, and it cannot become a permanent lockout of the real user.
 */
class LoginThrottleTest extends ApiTestSupport {

  @LocalServerPort int port;

  @AfterEach
  void forgetFailures() {
    // every test signs in from 127.0.0.1: leave the address as it was for the test classes that follow
    jdbc.sql("delete from login_throttle").update();
    jdbc.sql("delete from login_success where username like 'throttle-%' or address = '127.0.0.1'").update();
  }

  @Test
  void repeatedFailuresAreThrottledWithAGrowingDelayAndAudited() throws Exception {
    String user = "agent";
    for (int i = 0; i < LoginThrottle.PAIR_FREE; i++) {
      assertThat(basic(user, "wrong-" + i).statusCode()).isEqualTo(401);
    }
    // the next failure blocks the pair for a second, then two, ...: the right password waits like any other
    assertThat(basic(user, "wrong-again").statusCode()).isEqualTo(401);
    HttpResponse<String> refused = basic(user, user);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
        assertThat(Long.parseLong(v)).isBetween(1L, 2L));
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body()).contains("Sign-in throttled");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'LOGIN_THROTTLED' and after ->> 'username' = :u")
        .param("u", user).query(Long.class).single()).isPositive();

    // once the delay has passed, the right password works and the count starts afresh
    Thread.sleep(2100);
    assertThat(basic(user, user).statusCode()).isEqualTo(200);
    assertThat(basic(user, "wrong").statusCode()).isEqualTo(401);
    assertThat(basic(user, user).statusCode()).isEqualTo(200);
  }

  @Test
  void theDelayDoublesWithEveryFailureUpToItsCap() {
    LoginThrottle throttle = new LoginThrottle(jdbc, event -> {});
    String user = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < LoginThrottle.PAIR_FREE + 4; i++) {
      throttle.failed(user, "10.0.0.1");
    }
    // 4 failures past the free ones: 8 s for the pair
    assertThat(throttle.state(user, "10.0.0.1").retryAfter()).hasValueSatisfying(d ->
        assertThat(d.toSeconds()).isBetween(7L, 8L));
    for (int i = 0; i < 30; i++) {
      throttle.failed(user, "10.0.0.1");
    }
    assertThat(throttle.state(user, "10.0.0.1").retryAfter()).hasValueSatisfying(d ->
        assertThat(d.toSeconds()).isBetween(LoginThrottle.MAX_SECONDS - 2L, (long) LoginThrottle.MAX_SECONDS));
  }

  @Test
  void failuresFromElsewhereCannotLockTheRealUserOutOfAPlaceTheySignInFrom() {
    LoginThrottle throttle = new LoginThrottle(jdbc, event -> {});
    String user = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
    throttle.succeeded(user, "192.0.2.10", true); // the real user's usual place
    // a distributed attack: one failure from each of many addresses
    for (int i = 0; i < 40; i++) {
      throttle.failed(user, "198.51.100." + i);
    }
    // another address waits (at most a minute), the user's own does not
    assertThat(throttle.state(user, "203.0.113.7").retryAfter()).hasValueSatisfying(d ->
        assertThat(d.toSeconds()).isLessThanOrEqualTo(LoginThrottle.USER_MAX_SECONDS));
    assertThat(throttle.state(user, "192.0.2.10").retryAfter()).isEmpty();
  }

  private HttpResponse<String> basic(String user, String password) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
