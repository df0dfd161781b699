package io.recoverly.support;

import io.recoverly.compliance.ContactGuard;
import io.recoverly.compliance.GuardBypass;

/**
 * The test-only switch that breaks the contact guard for the accounts a test names by their reference's prefix (off
 * for every other case, and off until armed): the independent audit must then find the violations the broken guard
 * let through.
 */
public class GuardSwitch implements GuardBypass {

  private volatile String brokenPrefix;

  /** From now on the guard lets every contact on the accounts whose reference starts so through. */
  public void breakFor(String accountRefPrefix) {
    brokenPrefix = accountRefPrefix;
  }

  public void mend() {
    brokenPrefix = null;
  }

  @Override
  public boolean bypassed(ContactGuard.Facts facts, String channel) {
    String prefix = brokenPrefix;
    return prefix != null && facts.debtor().accountRef() != null && facts.debtor().accountRef().startsWith(prefix);
  }
}
