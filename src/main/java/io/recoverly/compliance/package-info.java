/**
 * Compliance: the contact guard every outbound contact asks first (rules per jurisdiction from the policy table:
 * contact hours in the debtor's time zone, call caps, the cool-down after a conversation, the US validation notice,
 * cease-communication, open disputes, per-channel opt-outs), the audit trail, call scripts.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Compliance")
package io.recoverly.compliance;
