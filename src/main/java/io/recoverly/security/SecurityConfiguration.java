package io.recoverly.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what. The web UI signs in with a form (POST /login, session cookie, CSRF token in the XSRF-TOKEN
 * cookie echoed as X-XSRF-TOKEN); API clients use HTTP Basic on every request (no session, so no CSRF). Refusals are
 * RFC 7807 problem details: 401 when nobody is signed in, 403 when the role may not.
 */
@Configuration
@EnableWebSecurity
@org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfiguration {

  private static final String[] WORKERS = {"AGENT", "FIELD_AGENT", "SUPERVISOR", "COMPLIANCE", "ADMIN"};

  @Bean
  PasswordEncoder passwordEncoder(AuthProperties properties) {
    return new DelegatingPasswordEncoder("bcrypt",
        Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptStrength())));
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper json, LoginThrottle throttle,
      AppUsers users) throws Exception {
    AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
      if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"recoverly\"");
      }
      problem(json, response, HttpStatus.UNAUTHORIZED, "Sign in required",
          "sign in (web UI) or send HTTP Basic credentials (API)");
    };
    AccessDeniedHandler denied = (request, response, e) -> {
      if (e instanceof org.springframework.security.web.csrf.CsrfException) {
        problem(json, response, HttpStatus.FORBIDDEN, "CSRF token missing or invalid",
            "a request the web session authenticates must send the XSRF-TOKEN cookie's value as the X-XSRF-TOKEN"
                + " header");
        return;
      }
      problem(json, response, HttpStatus.FORBIDDEN, "Not allowed", "your role may not " + request.getMethod() + " "
          + io.recoverly.web.InputHygiene.printable(request.getRequestURI()));
    };
    http
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/", "/index.html", "/assets/**", "/favicon.svg", "/error").permitAll()
            .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
            .requestMatchers(HttpMethod.GET, "/api/session").permitAll()
            .requestMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
            .requestMatchers("/actuator/**").hasAnyRole("MANAGER", "ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/dev/clock/**").hasRole("ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/models/**").hasAnyRole("COMPLIANCE", "ADMIN")
            .requestMatchers(HttpMethod.PUT, "/api/models/**").hasAnyRole("COMPLIANCE", "ADMIN")
            .requestMatchers("/api/models/**").hasAnyRole("COMPLIANCE", "SUPERVISOR", "MANAGER", "ADMIN")
            // lender files, their mappings and the import history: supervisors
            .requestMatchers("/api/portfolios/**").hasAnyRole("SUPERVISOR", "ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/payments/**").hasAnyRole("SUPERVISOR", "ADMIN")
            .requestMatchers(HttpMethod.PUT, "/api/scripts/**", "/api/compliance/**").hasAnyRole("COMPLIANCE", "ADMIN")
            .requestMatchers(reads("/api/compliance/violations")).hasAnyRole("COMPLIANCE", "SUPERVISOR", "MANAGER",
                "ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/compliance/templates/**")
                .hasAnyRole("COMPLIANCE", "SUPERVISOR", "ADMIN")
            // HEAD is a GET without the body: it is authorized as one (a HEAD of the audit export got its length)
            .requestMatchers(reads("/api/cases/*/audit")).hasAnyRole("COMPLIANCE", "SUPERVISOR", "ADMIN")
            .requestMatchers("/api/cases/*/opt-outs/**").hasAnyRole(WORKERS)
            .requestMatchers("/api/cases/*/contact-stops", "/api/cases/*/contact-stops/**").hasAnyRole(WORKERS)
            .requestMatchers(HttpMethod.PUT, "/api/cases/*/email-permission").hasAnyRole(WORKERS)
            // a case's documents name the debtor, the address and the amounts: the people who work cases
            .requestMatchers("/api/cases/*/documents/**", "/api/cases/*/voicemail").hasAnyRole(WORKERS)
            .requestMatchers(HttpMethod.POST, "/api/cases/*/reveal").hasAnyRole(WORKERS)
            .requestMatchers(HttpMethod.POST, "/api/tasks/*/assign", "/api/tasks/assign-bulk")
                .hasAnyRole("SUPERVISOR", "ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/tasks/**").hasAnyRole(WORKERS)
            .requestMatchers(HttpMethod.POST, "/api/cases/*/complaints").hasAnyRole(WORKERS)
            .requestMatchers(reads("/api/metrics/complaints")).hasAnyRole("MANAGER", "SUPERVISOR", "COMPLIANCE",
                "ADMIN")
            .requestMatchers(HttpMethod.POST, "/api/cases/*/disputes", "/api/cases/*/cease-communication",
                "/api/cases/*/callbacks")
                .hasAnyRole(WORKERS)
            .requestMatchers(HttpMethod.POST, "/api/incidents/**").hasAnyRole("SUPERVISOR", "ADMIN")
            .requestMatchers("/api/incidents/**").hasAnyRole("SUPERVISOR", "MANAGER", "ADMIN")
            .requestMatchers(HttpMethod.PUT, "/api/metrics/targets/**").hasAnyRole("MANAGER", "ADMIN")
            .requestMatchers("/api/metrics/**").hasAnyRole("MANAGER", "SUPERVISOR", "ADMIN")
            // a provider's delivery receipts and inbound replies: authenticated by the provider's signature instead
            .requestMatchers(HttpMethod.POST, "/api/providers/sms/status", "/api/providers/sms/inbound",
                "/api/providers/email/events").permitAll()
            // an e-mail's unsubscribe link: its token authenticates it
            .requestMatchers("/api/unsubscribe").permitAll()
            .requestMatchers("/api/**").authenticated()
            .anyRequest().denyAll())
        .formLogin(form -> form
            .loginPage("/")
            .loginProcessingUrl("/login")
            .successHandler((request, response, authentication) -> response.setStatus(HttpStatus.NO_CONTENT.value()))
            .failureHandler((request, response, e) -> problem(json, response, HttpStatus.UNAUTHORIZED,
                "Sign-in failed", "wrong username or password"))
            .permitAll())
        .logout(logout -> logout
            .logoutUrl("/logout")
            .logoutSuccessHandler((request, response, authentication) ->
                response.setStatus(HttpStatus.NO_CONTENT.value())))
        .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
        .csrf(csrf -> csrf
            .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
            // the token comes in the header only: a token in a query string ends up in logs and referrers
            .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler() {
              @Override
              public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
                return request.getHeader(token.getHeaderName());
              }
            })
            // CSRF guards the session cookie: whenever a session authenticates the request, the token is required,
            // whatever else the request carries (an Authorization header did not lift it before). A request without a
            // session carries no credentials to forge (it gets a 401, not a CSRF 403); API clients use HTTP Basic on
            // every request and have no session. Sign-in keeps it.
            .ignoringRequestMatchers(request -> request.getSession(false) == null
                && !"/login".equals(request.getServletPath())))
        .addFilterBefore(new LoginThrottle.Filter(throttle, json),
            org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(new SessionRoles(users, json), BasicAuthenticationFilter.class)
        .addFilterAfter(new CsrfCookieFilter(), SessionRoles.class)
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; font-src 'self' data:;"
                + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
    return http.build();
  }

  /** GET and HEAD of these paths: a rule for reading applies to both. */
  private static org.springframework.security.web.util.matcher.RequestMatcher reads(String pattern) {
    var get = org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
        .matcher(HttpMethod.GET, pattern);
    var head = org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
        .matcher(HttpMethod.HEAD, pattern);
    return new org.springframework.security.web.util.matcher.OrRequestMatcher(get, head);
  }

  /**
   * A request the firewall refuses before it reaches the application (a URL with ";", "%2F", "..", a control
   * character, …): a 400 problem detail, logged once like every refused request.
   */
  @Bean
  org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
    return (request, response, e) -> {
      org.slf4j.LoggerFactory.getLogger(SecurityConfiguration.class).info("Rejected request {} {}: 400 {}",
          request.getMethod(), request.getRequestURI(), e.getMessage());
      problem(json, response, HttpStatus.BAD_REQUEST, "Request refused", e.getMessage());
    };
  }

  /** Loads the deferred CSRF token on every request so the XSRF-TOKEN cookie is there before the first POST. */
  private static final class CsrfCookieFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
      if (token != null) {
        token.getToken();
      }
      chain.doFilter(request, response);
    }
  }

  private static void problem(ObjectMapper json, HttpServletResponse response, HttpStatus status, String title,
      String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
