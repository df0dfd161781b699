package io.recoverly.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sessions follow roles: on every request a web session authenticates, the user's roles and queues are read again
 * (one lookup by primary key), so that a change takes effect on the next request, on every node. A user who was
 * disabled or removed loses the session (401); one whose roles or queues changed carries on with the new ones only.
 * HTTP Basic requests load the user afresh anyway.
 */
final class SessionRoles extends OncePerRequestFilter {

  private final AppUsers users;
  private final ObjectMapper json;
  private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

  SessionRoles(AppUsers users, ObjectMapper json) {
    this.users = users;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (session == null || !(authentication != null && authentication.getPrincipal() instanceof AppUsers.SignedInUser
        signedIn) || session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) == null) {
      chain.doFilter(request, response);
      return;
    }
    AppUsers.SignedInUser current;
    try {
      current = (AppUsers.SignedInUser) users.loadUserByUsername(signedIn.getUsername());
    } catch (UsernameNotFoundException e) {
      current = null;
    }
    if (current == null || !current.isEnabled()) {
      session.invalidate();
      SecurityContextHolder.clearContext();
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
          "your account was disabled: the session has ended");
      problem.setTitle("Sign in required");
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      json.writeValue(response.getOutputStream(), problem);
      return;
    }
    if (!current.actor().equals(signedIn.actor())) {
      current.eraseCredentials();
      var refreshed = UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities());
      refreshed.setDetails(authentication.getDetails());
      SecurityContext context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(refreshed);
      SecurityContextHolder.setContext(context);
      sessions.saveContext(context, request, response);
    }
    chain.doFilter(request, response);
  }
}
