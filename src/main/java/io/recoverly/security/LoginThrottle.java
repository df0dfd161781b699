package io.recoverly.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Brute-force protection for sign-in (the form and HTTP Basic), in the database so that every node applies it:
 * <ul>
 *   <li>per <b>username and client address</b>: after {@value #PAIR_FREE} failures, each further attempt must wait
 *       a delay that doubles with every failure (1 s, 2 s, 4 s, … at most 15 minutes);</li>
 *   <li>per <b>client address</b>, whatever the username: the same after {@value #ADDRESS_FREE} failures;</li>
 *   <li>per <b>username</b>, from any address (a distributed attack): after {@value #USER_FREE} failures, at most
 *       {@value #USER_MAX_SECONDS} s between attempts, and never from an address the user signed in from before:
 *       failures elsewhere cannot lock the real user out, and a block always ends.</li>
 * </ul>
 * A refused attempt gets a 429 problem with {@code Retry-After}; its password is not even checked. Failures are
 * forgotten {@value #FORGET_MINUTES} minutes after the last one, and a successful sign-in clears its username's and
 * address's count. Each block is audited ({@code LOGIN_THROTTLED}). Times are the database's wall clock.
 */
@Component
class LoginThrottle {

  static final int PAIR_FREE = 5;
  static final int ADDRESS_FREE = 20;
  static final int USER_FREE = 10;
  static final int USER_MAX_SECONDS = 60;
  static final int MAX_SECONDS = 15 * 60;
  static final int FORGET_MINUTES = 15;
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  LoginThrottle(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** What the throttle knows about an attempt before its password is checked. */
  record State(Optional<Duration> retryAfter, boolean hadFailures) {}

  /** How long this attempt must wait (empty: it may go ahead), in one statement: it runs for every Basic request. */
  State state(String username, String address) {
    return jdbc.sql("""
            select extract(epoch from greatest(
                     (select max(blocked_until) from login_throttle where key in (:pair, :address)),
                     (select blocked_until from login_throttle where key = :user
                        and not exists (select 1 from login_success where username = :username and address = :addr)))
                   - clock_timestamp()) as wait,
                   exists (select 1 from login_throttle where key in (:pair, :user)) as failures
            """)
        .param("pair", pair(username, address)).param("address", addressKey(address)).param("user", userKey(username))
        .param("username", username).param("addr", address)
        .query((rs, n) -> {
          double wait = rs.getDouble("wait");
          boolean blocked = !rs.wasNull() && wait > 0;
          return new State(blocked ? Optional.of(Duration.ofSeconds((long) Math.ceil(wait))) : Optional.empty(),
              rs.getBoolean("failures"));
        }).single();
  }

  /** Counts a failed attempt against each key, blocking those past their free attempts. */
  void failed(String username, String address) {
    count(pair(username, address), PAIR_FREE, MAX_SECONDS, username, address);
    count(addressKey(address), ADDRESS_FREE, MAX_SECONDS, username, address);
    count(userKey(username), USER_FREE, USER_MAX_SECONDS, username, address);
  }

  private void count(String key, int free, int maxSeconds, String username, String address) {
    Instant until = jdbc.sql("""
            insert into login_throttle as t (key, failures, last_failure_at) values (:key, 1, clock_timestamp())
            on conflict (key) do update
               set failures = case when t.last_failure_at < clock_timestamp() - cast(:forget as interval) then 1
                                   else t.failures + 1 end,
                   last_failure_at = clock_timestamp()
            returning case when failures > :free
                           then clock_timestamp() + least(:max, power(2, least(failures - :free - 1, 20)))
                                                    * interval '1 second' end
            """)
        .param("key", key).param("forget", FORGET_MINUTES + " minutes").param("free", free).param("max", maxSeconds)
        .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
    if (until != null) {
      jdbc.sql("update login_throttle set blocked_until = :until where key = :key")
          .param("until", Timestamp.from(until)).param("key", key).update();
      log.warn("Sign-in throttled for {} until {} after repeated failures", key, until);
      events.publishEvent(new LoginThrottled(username, address, until, key));
    }
  }

  /** A successful sign-in: the username and the address start afresh, and the address is known for the user. */
  void succeeded(String username, String address, boolean interactive) {
    jdbc.sql("delete from login_throttle where key in (:keys)")
        .param("keys", List.of(pair(username, address), userKey(username))).update();
    if (interactive) {
      jdbc.sql("""
              insert into login_success (username, address, last_at) values (:user, :addr, clock_timestamp())
              on conflict (username, address) do update set last_at = excluded.last_at
              """).param("user", username).param("addr", address).update();
    }
  }

  @EventListener
  void onFailure(AbstractAuthenticationFailureEvent failure) {
    String username = String.valueOf(failure.getAuthentication().getName());
    address(failure.getAuthentication().getDetails()).ifPresent(address -> failed(normalise(username), address));
  }

  @EventListener
  void onSuccess(AuthenticationSuccessEvent success) {
    // only sign-ins whose password was checked on this thread (a form login, a Basic request), not a restored session
    Checked checked = CHECKED.get();
    if (checked != null && success.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
        && details.getRemoteAddress() != null && (checked.hadFailures() || checked.interactive())) {
      succeeded(normalise(success.getAuthentication().getName()), details.getRemoteAddress(), checked.interactive());
    }
  }

  private static Optional<String> address(Object details) {
    return details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
        ? Optional.of(web.getRemoteAddress()) : Optional.empty();
  }

  private static String normalise(String username) {
    String name = username == null ? "" : io.recoverly.web.InputHygiene.printable(username.strip().toLowerCase(Locale.ROOT));
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private static String pair(String username, String address) {
    return "pair:" + username + "|" + address;
  }

  private static String addressKey(String address) {
    return "addr:" + address;
  }

  private static String userKey(String username) {
    return "user:" + username;
  }

  /** What the filter learned about the attempt on this thread, for the success listener. */
  private record Checked(boolean interactive, boolean hadFailures) {}

  private static final ThreadLocal<Checked> CHECKED = new ThreadLocal<>();

  /**
   * Runs before the form login and HTTP Basic: an attempt that must wait is refused with a 429 before its password is
   * checked. Requests without credentials (a session's, an anonymous one) pass untouched.
   */
  static final class Filter extends OncePerRequestFilter {
    private final LoginThrottle throttle;
    private final ObjectMapper json;

    Filter(LoginThrottle throttle, ObjectMapper json) {
      this.throttle = throttle;
      this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      boolean form = "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
      String username = form ? request.getParameter("username") : basicUsername(request);
      if (username == null) {
        chain.doFilter(request, response);
        return;
      }
      String name = normalise(username);
      String address = request.getRemoteAddr();
      State state = throttle.state(name, address);
      if (state.retryAfter().isPresent()) {
        long seconds = Math.max(1, state.retryAfter().get().toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
            "too many failed sign-ins: try again in " + seconds + " s");
        problem.setTitle("Sign-in throttled");
        problem.setProperty("retryAfterSeconds", seconds);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        return;
      }
      CHECKED.set(new Checked(form, state.hadFailures()));
      try {
        chain.doFilter(request, response);
      } finally {
        CHECKED.remove();
      }
    }

    private static String basicUsername(HttpServletRequest request) {
      String header = request.getHeader(HttpHeaders.AUTHORIZATION);
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
