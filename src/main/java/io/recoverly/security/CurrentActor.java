package io.recoverly.security;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The person behind the current request. Capabilities ask this instead of trusting a name in the request body. */
@Component
public class CurrentActor {

  public Actor get() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof AppUsers.SignedInUser user) {
      return user.actor();
    }
    throw new AuthenticationCredentialsNotFoundException("sign in first");
  }
}
