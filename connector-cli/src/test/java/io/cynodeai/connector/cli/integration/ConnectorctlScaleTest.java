package io.cynodeai.connector.cli.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale target, opt-in (heavy): validate, diff and apply N spec files (one per file, default 10,000) with
 * connectorctl as a child process, run as the README says ({@code -Xmx256m -XX:+UseSerialGC}); apply must take
 * at most 15 s. Run: {@code mvn -pl connector-cli -am test -Pscale -Dtest=ConnectorctlScaleTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints each command's wall time and the child's peak RSS.
 */
@EnabledIfSystemProperty(named = "connectorctl.scale", matches = "\\d+")
class ConnectorctlScaleTest {
  @TempDir
  Path tmp;

  @Test
  void tenThousandSpecFilesApplyWithinFifteenSeconds() throws Exception {
    int n = Integer.getInteger("connectorctl.scale");
    String seed;
    try (InputStream in = getClass().getResourceAsStream("/specs/ops-mail.yaml")) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path state = tmp.resolve("state");
    Path secrets = Files.createDirectories(state.resolve("secrets/imap-ops-mail-creds"));
    Files.writeString(secrets.resolve("username"), "ops\n");
    Files.writeString(secrets.resolve("password"), "pw\n");
    Path dir = Files.createDirectories(tmp.resolve("specs"));
    for (int i = 0; i < n; i++) {
      Files.writeString(dir.resolve(String.format("m%05d.yaml", i)), seed.replace("name: ops-mail", "name: m-" + i));
    }
    long applyMillis = 0;
    for (String command : List.of("validate", "diff", "apply", "diff")) {
      List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "io.cynodeai.connector.cli.Connectorctl", "--state-dir", state.toString(), "--user", "ops",
          "--allow-incompatible-minor-versions", command, dir.toString()));
      long start = System.nanoTime();
      Process p = new ProcessBuilder(args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(tmp.resolve(command + ".err").toFile()).start();
      long peakKb = 0;
      while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
        peakKb = Math.max(peakKb, rssKb(p.pid()));
        assertThat(System.nanoTime() - start).as(command + " still running").isLessThan(TimeUnit.MINUTES.toNanos(5));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("connectorctl %s of %,d spec files: %,d ms, exit %d, peak RSS >= %,d KB%n", command, n,
          millis, p.exitValue(), peakKb);
      assertThat(p.exitValue()).as(Files.readString(tmp.resolve(command + ".err"))).isLessThanOrEqualTo(1);
      if (command.equals("apply")) {
        applyMillis = millis;
        assertThat(peakKb).isLessThanOrEqualTo(512 * 1024);
      }
    }
    assertThat(applyMillis).isLessThanOrEqualTo(15_000);
  }

  /** The process's resident set size now (Linux), 0 when it cannot be read. */
  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // gone, or not Linux
    }
    return 0;
  }
}
