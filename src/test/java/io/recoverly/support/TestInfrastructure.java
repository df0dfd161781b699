package io.recoverly.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context its own database and engine port: a fresh database on the PostgreSQL at
 * 127.0.0.1:5432 when one is running (dev and CI machines), otherwise the app's embedded PostgreSQL in a fresh
 * temporary directory. Databases left by earlier test JVMs that are no longer running are dropped.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String PREFIX = "recoverly_test_";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile Boolean localPostgres;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, Object> properties = properties();
    // switches a test class may turn on with @TestPropertySource
    for (String toggle : java.util.List.of("recoverly.outbox.relay.enabled", "recoverly.outbox.relay.interval",
        "recoverly.demo.activity")) {
      if (context.getEnvironment().containsProperty(toggle)) {
        properties.remove(toggle);
      }
    }
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-infrastructure", properties));
  }

  /** Properties for one fresh application: its own database and engine port, no demo portfolio. */
  /** Tomorrow 15:00 UTC, computed once per JVM. */
  public static final java.util.function.Supplier<java.time.Instant> BUSINESS_HOURS_START =
      org.springframework.util.function.SingletonSupplier.of(() -> java.time.LocalDate.now(java.time.ZoneOffset.UTC)
          .plusDays(1).atTime(15, 0).toInstant(java.time.ZoneOffset.UTC));

  public static Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("recoverly.engine.port", freePort());
    properties.put("recoverly.demo.enabled", "false");
    properties.put("recoverly.demo.activity", "false"); // DemoActivityTest turns it on
    // the relay hands messages to the (logging) provider, as in production: the validation notice is sent only then,
    // and no collection contact happens before it (tests that read the outbox as written turn it off)
    properties.put("recoverly.outbox.relay.enabled", "true");
    properties.put("recoverly.outbox.relay.interval", "PT0.2S");
    properties.put("recoverly.security.bcrypt-strength", "4"); // every API call verifies a password
    // the test JVM keeps each application context it made (Spring's context cache), each with its pool: with pools
    // that keep ten idle connections open, the two contexts the SMTP and SMS provider tests added made a fresh-clone
    // CI run exhaust PostgreSQL's 100 ("too many clients already"). One idle connection each, more while a test runs.
    properties.put("spring.datasource.hikari.minimum-idle", "1");
    properties.put("spring.datasource.hikari.maximum-pool-size", "8");
    properties.put("spring.datasource.hikari.idle-timeout", "10000");
    // a command whose sender died is taken over after this (production: a minute)
    properties.put("recoverly.engine.commands.lease", "PT5S");
    // a known time of day: 15:00 UTC is 09:00 in Chicago, inside the US contact hours (08:00-21:00 debtor-local);
    // tests that move to another hour move back (Api.advanceToLocalTime)
    properties.put("recoverly.engine.clock-start", BUSINESS_HOURS_START.get().toString());
    properties.putAll(freshDatabase());
    return properties;
  }

  /** Properties pointing at a new, empty database. */
  public static Map<String, Object> freshDatabase() {
    if (hasLocalPostgres()) {
      String name = PREFIX + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
      execute("create database " + name);
      return Map.of(
          "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + name,
          "spring.datasource.username", "postgres");
    }
    try {
      Path dir = Files.createTempDirectory("recoverly-pg-");
      return Map.of("recoverly.database.embedded.data-dir", dir.resolve("data").toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized boolean hasLocalPostgres() {
    if (localPostgres == null) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
        localPostgres = true;
        dropStaleDatabases();
      } catch (IOException e) {
        localPostgres = false;
      }
    }
    return localPostgres;
  }

  private static void dropStaleDatabases() {
    List<String> stale = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select datname from pg_database where datname like '" + PREFIX + "%'")) {
      while (rs.next()) {
        String name = rs.getString(1);
        long pid = Long.parseLong(name.substring(PREFIX.length()).split("_")[0]);
        if (ProcessHandle.of(pid).isEmpty()) {
          stale.add(name);
        }
      }
    } catch (SQLException | RuntimeException e) {
      return;
    }
    stale.forEach(name -> execute("drop database if exists " + name + " with (force)"));
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432: " + sql + " failed", e);
    }
  }
}
