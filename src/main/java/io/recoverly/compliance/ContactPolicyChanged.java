package io.recoverly.compliance;

/** Published in the transaction that changed a jurisdiction's contact rules. */
public record ContactPolicyChanged(String jurisdiction) {}
