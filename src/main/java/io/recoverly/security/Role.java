package io.recoverly.security;

/** The roles of DESIGN §8. Spring authorities are {@code ROLE_<name>}. */
public enum Role {
  AGENT,
  FIELD_AGENT,
  SUPERVISOR,
  COMPLIANCE,
  MANAGER,
  ADMIN;

  String authority() {
    return "ROLE_" + name();
  }
}
