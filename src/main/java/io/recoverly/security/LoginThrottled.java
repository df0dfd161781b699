package io.recoverly.security;

import java.time.Instant;

/**
 * Sign-in attempts for this username, address or pair ({@code key}) are refused until {@code until} after repeated
 * failures: published for the audit trail.
 */
public record LoginThrottled(String username, String address, Instant until, String key) {}
