package io.recoverly.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the front end's browser scripts ({@code src/main/frontend/e2e/*.e2e.mjs}: playwright-core driving
 * Debian's Chromium, never a downloaded browser) against the running test app and asserts it passed. Output and
 * screenshots go to {@code target/ui/}.
 */
public final class BrowserRun {

  public static final Path FRONTEND = Path.of("src/main/frontend").toAbsolutePath();
  public static final Path CHROMIUM = Path.of(System.getProperty("recoverly.chromium", "/usr/bin/chromium"));
  public static final Path OUT = Path.of("target/ui").toAbsolutePath();

  private BrowserRun() {}

  /** Runs the script with BASE_URL, OUT_DIR, CHROMIUM and the given variables; returns its output. */
  public static String run(String script, int port, Map<String, String> env) throws IOException, InterruptedException {
    assertThat(CHROMIUM).as("UI tests need Debian's Chromium: apt-get install -y chromium").exists();
    assertThat(FRONTEND.resolve("node_modules/playwright-core")).as("npm packages (built by ./mvnw)").exists();
    Files.createDirectories(OUT);
    Path log = OUT.resolve(script.replace(".mjs", ".log"));
    ProcessBuilder builder = new ProcessBuilder("node", "e2e/" + script)
        .directory(FRONTEND.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> all = new HashMap<>(env);
    all.put("BASE_URL", "http://localhost:" + port);
    all.put("OUT_DIR", OUT.toString());
    all.put("CHROMIUM", CHROMIUM.toString());
    builder.environment().putAll(all);
    Process browser = builder.start();
    boolean finished = browser.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      browser.destroyForcibly();
    }
    String output = Files.exists(log) ? Files.readString(log) : "(no output)";
    assertThat(finished).as("the browser run finished within 4 minutes:\n" + output).isTrue();
    assertThat(browser.exitValue()).as(output).isZero();
    assertThat(output).contains("all steps passed");
    return output;
  }
}
