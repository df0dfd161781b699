package io.recoverly.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The demo users of the embedded mode (username = password), created on start when missing. Never in cluster mode:
 * there, people are created by an administrator (or the bootstrap admin of {@link AuthProperties}).
 */
@Component
@ConditionalOnExpression("'${recoverly.engine.mode:embedded}'.equalsIgnoreCase('embedded')"
    + " and ${recoverly.security.demo-users:true}")
class DemoUsers implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  static final List<String> ALL_QUEUES = List.of("agents", "field-agents", "supervisors", "disputes", "legal",
      "complaints");

  record DemoUser(String username, String displayName, List<Role> roles, List<String> groups) {}

  static final List<DemoUser> USERS = List.of(
      new DemoUser("agent", "Asha Agent", List.of(Role.AGENT), List.of("agents")),
      new DemoUser("agent2", "Ben Agent", List.of(Role.AGENT), List.of("agents")),
      new DemoUser("field-agent", "Farah Field", List.of(Role.FIELD_AGENT), List.of("field-agents")),
      new DemoUser("supervisor", "Sam Supervisor", List.of(Role.SUPERVISOR), ALL_QUEUES),
      new DemoUser("compliance", "Chris Compliance", List.of(Role.COMPLIANCE), List.of("disputes", "complaints")),
      new DemoUser("manager", "Maya Manager", List.of(Role.MANAGER), List.of()),
      new DemoUser("admin", "Ada Admin", List.of(Role.ADMIN), ALL_QUEUES));

  private final AppUsers users;

  DemoUsers(AppUsers users) {
    this.users = users;
  }

  @Override
  public void afterSingletonsInstantiated() {
    int created = 0;
    for (DemoUser user : USERS) {
      if (users.createIfAbsent(user.username(), user.displayName(), user.username(), user.roles(), user.groups())) {
        created++;
      }
    }
    if (created > 0) {
      log.info("Created {} demo users (username = password): {}", created,
          USERS.stream().map(DemoUser::username).toList());
    }
  }
}
