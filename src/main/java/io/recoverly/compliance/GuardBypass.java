package io.recoverly.compliance;

/**
 * A test-only switch that breaks the contact guard for chosen cases, so that the independent audit
 * ({@link ViolationAudit}) can be shown to find what a broken guard lets through. The application defines no bean of
 * this type; only the test support does (off until a test arms it). With one present, the guard logs it at start.
 */
public interface GuardBypass {

  /** Whether the guard lets every contact on this case and channel through, whatever the rules say. */
  boolean bypassed(ContactGuard.Facts facts, String channel);
}
