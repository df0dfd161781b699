package io.recoverly;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who just started the app where to look. */
@Component
class StartupReport {

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  @EventListener(ApplicationReadyEvent.class)
  @Order(100)
  void report(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    Environment env = event.getApplicationContext().getEnvironment();
    String base = "http://localhost:" + web.getWebServer().getPort();
    String mode = env.getProperty("recoverly.engine.mode", "embedded");
    // one log event per line: log messages have their line breaks escaped (logback-spring.xml), so that no input
    // can forge a line; this report is ours and is printed line by line
    String rule = "----------------------------------------------------------------------";
    java.util.List<String> lines = java.util.List.of(
        rule,
        "  Recoverly is up (" + mode + " mode)",
        "    Workbench     " + base + "/   " + demoUsers(env),
        "    Cases (API)   " + base + "/api/cases   (HTTP Basic, e.g. curl -u admin:admin)",
        "    Tasks (API)   " + base + "/api/tasks",
        "    API docs      " + base + "/swagger-ui.html   (OpenAPI: " + base + "/v3/api-docs)",
        "    Health        " + base + "/actuator/health",
        "    Zeebe gRPC    " + env.getProperty("camunda.client.grpc-address"),
        rule);
    lines.forEach(line -> log.info("{}", line));
  }

  private static String demoUsers(Environment env) {
    boolean embedded = "embedded".equalsIgnoreCase(env.getProperty("recoverly.engine.mode", "embedded"));
    return embedded && env.getProperty("recoverly.security.demo-users", Boolean.class, true)
        ? "(sign in as agent, agent2, field-agent, supervisor, compliance, manager or admin; password = username)"
        : "";
  }
}
