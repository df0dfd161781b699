/**
 * Who is signed in and what they may do: users with roles (DESIGN §8) and task groups, form login for the web UI
 * (session + CSRF cookie), HTTP Basic for API clients, endpoint authorization, demo users in embedded mode.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package io.recoverly.security;
