package io.recoverly.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Creates the first administrator from recoverly.security.bootstrap-admin-password (RECOVERLY_SECURITY_BOOTSTRAP_ADMIN_PASSWORD). */
@Component
@ConditionalOnProperty("recoverly.security.bootstrap-admin-password")
class BootstrapAdmin implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

  private final AppUsers users;
  private final AuthProperties properties;

  BootstrapAdmin(AppUsers users, AuthProperties properties) {
    this.users = users;
    this.properties = properties;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (properties.bootstrapAdminPassword().length() < 12) {
      throw new IllegalStateException("recoverly.security.bootstrap-admin-password must have at least 12 characters");
    }
    if (users.createIfAbsent("admin", "Administrator", properties.bootstrapAdminPassword(), List.of(Role.ADMIN),
        DemoUsers.ALL_QUEUES)) {
      log.info("Created the bootstrap administrator 'admin'");
    }
  }
}
