package io.recoverly.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who sign in (table app_user), and Spring Security's view of them. */
@Service
public class AppUsers implements UserDetailsService {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final org.springframework.context.ApplicationEventPublisher events;

  AppUsers(JdbcClient jdbc, PasswordEncoder passwords, org.springframework.context.ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.events = events;
  }

  /** An administrator changes someone's roles and queues; audited (UserRolesChanged). */
  @Transactional
  public Actor changeRoles(String username, List<Role> roles, List<String> groups) {
    Actor before = find(username).orElseThrow(() -> io.recoverly.web.Problems.of(
        org.springframework.http.HttpStatus.NOT_FOUND, "No such user", "no user " + username).exception());
    if (roles == null || roles.isEmpty()) {
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid roles",
          "name at least one role of " + java.util.Arrays.toString(Role.values())).field("roles").exception();
    }
    if (groups == null) {
      // leaving the queues out used to empty them silently: name them, or [] for none
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid queues",
          "name the queues the user works (groups), or [] for none").field("groups").exception();
    }
    List<String> queues = groups;
    if (queues.stream().anyMatch(g -> g == null || !g.matches("[a-z][a-z0-9-]{1,39}"))) {
      throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid queues",
          "queue names are lower-case words with hyphens").field("groups").exception();
    }
    if (before.roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN)) {
      // the administrators are locked while this runs: two admins demoting each other at once cannot both succeed
      List<String> otherAdmins = jdbc.sql("select username from app_user where enabled and 'ADMIN' = any(roles)"
              + " and username <> :username order by username for update")
          .param("username", username).query(String.class).list();
      if (otherAdmins.isEmpty()) {
        throw io.recoverly.web.Problems.of(org.springframework.http.HttpStatus.CONFLICT, "Last administrator",
            username + " is the only administrator: give another user the ADMIN role first, or nobody could change"
                + " roles again").field("roles").exception();
      }
    }
    jdbc.sql("update app_user set roles = string_to_array(:roles, ','), groups = string_to_array(:groups, ',')"
            + " where username = :username")
        .param("roles", String.join(",", roles.stream().map(Role::name).toList()))
        .param("groups", String.join(",", queues)).param("username", username).update();
    Actor after = find(username).orElseThrow();
    events.publishEvent(new UserRolesChanged(username, before, after));
    return after;
  }

  /** A signed-in principal: Spring's user plus who they are in Recoverly. */
  static final class SignedInUser extends User {
    private final Actor actor;

    SignedInUser(Actor actor, String passwordHash, boolean enabled) {
      super(actor.username(), passwordHash, enabled, true, true, true,
          actor.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
      this.actor = actor;
    }

    Actor actor() {
      return actor;
    }
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return jdbc.sql("select * from app_user where username = :username").param("username", username)
        .query((rs, n) -> new SignedInUser(actor(rs), rs.getString("password_hash"), rs.getBoolean("enabled")))
        .optional().orElseThrow(() -> new UsernameNotFoundException("no user " + username));
  }

  public Optional<Actor> find(String username) {
    return jdbc.sql("select * from app_user where username = :username and enabled").param("username", username)
        .query((rs, n) -> actor(rs)).optional();
  }

  /** Every enabled user, for the supervisor's reassign list. */
  public List<Actor> all() {
    return jdbc.sql("select * from app_user where enabled order by username").query((rs, n) -> actor(rs)).list();
  }

  /** Creates the user unless one with that name exists; the password is stored hashed. */
  @Transactional
  boolean createIfAbsent(String username, String displayName, String password, List<Role> roles, List<String> groups) {
    boolean exists = jdbc.sql("select count(*) from app_user where username = :username").param("username", username)
        .query(Long.class).single() > 0;
    if (exists) {
      return false;
    }
    return jdbc.sql("""
            insert into app_user (username, display_name, password_hash, roles, groups)
            values (:username, :displayName, :hash, string_to_array(:roles, ','), string_to_array(:groups, ','))
            on conflict (username) do nothing
            """)
        .param("username", username).param("displayName", displayName).param("hash", passwords.encode(password))
        .param("roles", String.join(",", roles.stream().map(Role::name).toList()))
        .param("groups", String.join(",", groups))
        .update() == 1;
  }

  private static Actor actor(ResultSet rs) throws SQLException {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String role : strings(rs.getArray("roles"))) {
      roles.add(Role.valueOf(role));
    }
    return new Actor(rs.getString("username"), rs.getString("display_name"), roles, strings(rs.getArray("groups")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
