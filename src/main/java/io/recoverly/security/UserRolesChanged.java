package io.recoverly.security;

/** Published in the changing transaction when an administrator changes someone's roles or queues (audited). */
public record UserRolesChanged(String username, Actor before, Actor after) {}
