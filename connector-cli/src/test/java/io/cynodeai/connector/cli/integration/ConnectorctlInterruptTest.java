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
    awaitFile(err, f -> !child.isAlive() || read(f).contains("applying: "), java.time.Duration.ofSeconds(90));
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

  /**
   * Waits until {@code ready} holds for {@code file}, woken by the file system's change events on its directory
   * (re-checked at least every 200 ms in case an event is missed); false at {@code limit}.
   */
  private static boolean awaitFile(Path file, java.util.function.Predicate<Path> ready, java.time.Duration limit)
      throws java.io.IOException, InterruptedException {
    try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
      file.toAbsolutePath().getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      long deadline = System.nanoTime() + limit.toNanos();
      while (!ready.test(file)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.nio.file.WatchKey key = watch.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
      return true;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
