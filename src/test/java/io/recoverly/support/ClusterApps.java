package io.recoverly.support;

import io.recoverly.RecoverlyApplication;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** App nodes in cluster mode against a standalone engine (standing in for the Camunda cluster), for tests. */
public final class ClusterApps {

  private ClusterApps() {}

  /**
   * Starts an app node in cluster mode on this database and engine, with the bootstrap administrator's password.
   *
   * @param extra further configuration classes or beans (a test's {@link Faults}, say)
   */
  public static ConfigurableApplicationContext start(Map<String, Object> database, int enginePort, String password,
      Map<String, Object> overrides, Class<?>... extra) {
    Map<String, Object> properties = new HashMap<>(database);
    properties.put("server.port", 0);
    properties.put("recoverly.engine.mode", "cluster");
    properties.put("camunda.client.grpc-address", "http://127.0.0.1:" + enginePort);
    properties.put("recoverly.security.bootstrap-admin-password", password);
    properties.putAll(overrides);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    Class<?>[] sources = new Class<?>[extra.length + 1];
    sources[0] = RecoverlyApplication.class;
    System.arraycopy(extra, 0, sources, 1, extra.length);
    return new SpringApplicationBuilder(sources).run(args);
  }

  /**
   * A fixed-offset time zone in which it is about midday now: a debtor there is inside the contact hours whenever the
   * test runs (a cluster's clock is the wall clock, which tests cannot move).
   */
  public static String middayZone() {
    int offset = 12 - ZonedDateTime.now(ZoneOffset.UTC).getHour();
    return offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
  }

  /** The node's base URL. */
  public static String url(ConfigurableApplicationContext app) {
    return "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
  }
}
