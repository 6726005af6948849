package io.cynodeai.connector.cli.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a large apply, for real: connectorctl runs as a child process and gets SIGINT while it applies.
 * The batch rolls back, H2 says nothing, and the audit log follows every install with the removal that undid it.
 */
class ConnectorctlInterruptTest {
  @TempDir
  Path tmp;

  @Test
  void ctrlCDuringApplyRollsBackQuietlyAndAuditsTheRemovals() throws Exception {
    String seed;
    try (InputStream in = getClass().getResourceAsStream("/specs/ops-mail.yaml")) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path state = tmp.resolve("state");
    Path secrets = Files.createDirectories(state.resolve("secrets/imap-ops-mail-creds"));
    Files.writeString(secrets.resolve("username"), "ops\n");
    Files.writeString(secrets.resolve("password"), "pw\n");
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      batch.append(i == 0 ? "" : "---\n").append(seed.replace("name: ops-mail", "name: m-" + i));
    }
    Path specs = Files.writeString(tmp.resolve("many.yaml"), batch);
    Path err = tmp.resolve("err.txt");

    Process child = connectorctl(state, err, "apply", specs.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(err).contains("applying: ") && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling the child's output, bounded by the deadline
    }
    assertThat(Files.readString(err)).as("the apply was under way").contains("applying: ");
    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String stderr = Files.readString(err);
    assertThat(child.exitValue()).isEqualTo(130);
    assertThat(stderr).contains("interrupted: the apply was rolled back, nothing was applied")
        .doesNotContain("Database is already closed").doesNotContain("Exception");
    List<String> audit = Files.readAllLines(state.resolve("audit.jsonl"));
    long installs = audit.stream().filter(l -> l.contains("\"action\":\"install\"")).count();
    long removals = audit.stream().filter(l -> l.contains("\"action\":\"uninstall\"")
        && l.contains("apply interrupted; the batch was rolled back")).count();
    assertThat(installs).isPositive().isLessThan(3000);
    assertThat(removals).isEqualTo(installs);

    Path listed = tmp.resolve("list.txt");
    Process list = connectorctl(state, listed, "-o", "json", "list");
    assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(list.exitValue()).isZero();
    assertThat(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("[ ]");
  }

  private static Process connectorctl(Path state, Path err, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.cynodeai.connector.cli.Connectorctl",
        "--state-dir", state.toString(), "--user", "ops", "--allow-incompatible-minor-versions"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(err.toFile()).start();
  }
}
