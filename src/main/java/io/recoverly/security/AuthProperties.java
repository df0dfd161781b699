package io.recoverly.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * recoverly.security.*
 *
 * @param bcryptStrength work factor of new password hashes (tests lower it: every API call verifies a password)
 * @param demoUsers create the demo users in embedded mode
 * @param bootstrapAdminPassword when set, creates user {@code admin} with this password if it does not exist (the way
 *     into a cluster-mode installation, which has no demo users)
 */
@ConfigurationProperties("recoverly.security")
record AuthProperties(
    @DefaultValue("10") int bcryptStrength,
    @DefaultValue("true") boolean demoUsers,
    String bootstrapAdminPassword) {}
