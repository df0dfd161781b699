/**
 * The contact guard every outbound contact asks first. Today it blocks contact while a dispute is open and allows
 * everything else; the compliance issue adds the per-jurisdiction rules (hours, frequency caps, cease requests).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Compliance")
package io.recoverly.compliance;
