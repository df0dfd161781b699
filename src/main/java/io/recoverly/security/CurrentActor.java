package io.recoverly.security;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The person behind the current request. Capabilities ask this instead of trusting a name in the request body. */
@Component
public class CurrentActor {

  public Actor get() {
    return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("sign in first"));
  }

  /** The signed-in person, or empty on a job worker's or scheduler's thread. */
  public Optional<Actor> find() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof AppUsers.SignedInUser user) {
      return Optional.of(user.actor());
    }
    return Optional.empty();
  }
}
