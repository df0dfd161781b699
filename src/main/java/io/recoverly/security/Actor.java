package io.recoverly.security;

import java.util.List;
import java.util.Set;

/**
 * The signed-in person acting on a request.
 *
 * @param groups the task queues (BPMN candidate groups) this person works
 */
public record Actor(String username, String displayName, Set<Role> roles, List<String> groups)
    implements java.io.Serializable {

  public Actor {
    roles = Set.copyOf(roles);
    groups = List.copyOf(groups);
  }

  /** The role the audit trail names this person by: the first of their roles in alphabetical order. */
  public String auditRole() {
    return roles.stream().map(Enum::name).sorted().findFirst().orElse("USER");
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Supervisors and admins see every queue and may hand tasks to anyone. */
  public boolean seesAllQueues() {
    return has(Role.SUPERVISOR) || has(Role.ADMIN);
  }

  /** May this person work a task offered to these candidate groups (or assigned to them)? */
  public boolean mayWork(List<String> candidateGroups, String assignee) {
    return has(Role.ADMIN) || username.equals(assignee) || candidateGroups.stream().anyMatch(groups::contains);
  }
}
