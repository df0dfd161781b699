package io.recoverly.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users", description = "Who is signed in; the people tasks can be handed to")
class UserController {

  private final CurrentActor current;
  private final AppUsers users;

  UserController(CurrentActor current, AppUsers users) {
    this.current = current;
    this.users = users;
  }

  @GetMapping("/api/me")
  @Operation(summary = "The signed-in user: name, roles and the task queues (candidate groups) they work")
  Actor me() {
    return current.get();
  }

  /** Whether this browser is signed in, and as whom: answered to anyone, so that a sign-in page logs no error. */
  record SessionState(boolean signedIn, Actor me) {}

  @GetMapping("/api/session")
  @Operation(summary = "Whether the caller is signed in, and as whom (200 either way; /api/me answers 401 when not)")
  SessionState session() {
    return current.find().map(actor -> new SessionState(true, actor)).orElse(new SessionState(false, null));
  }

  record RolesRequest(List<Role> roles, List<String> groups) {}

  @org.springframework.web.bind.annotation.PutMapping("/api/users/{username}/roles")
  @PreAuthorize("hasRole('ADMIN')")
  @Operation(summary = "Admin: set a user's roles and task queues; audited")
  Actor changeRoles(@org.springframework.web.bind.annotation.PathVariable String username,
      @org.springframework.web.bind.annotation.RequestBody RolesRequest request) {
    return users.changeRoles(username, request.roles(), request.groups());
  }

  @GetMapping("/api/users")
  @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
  @Operation(summary = "Supervisor: every enabled user with roles and queues (to reassign tasks)")
  List<Actor> users() {
    return users.all();
  }
}
