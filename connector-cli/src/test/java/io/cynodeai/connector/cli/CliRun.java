package io.cynodeai.connector.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process connectorctl run the way the tests make them: on {@code <tmp>/state}, as user {@code ops}, and
 * opted in to the test double's breaking minor version (TestImapProvider's imap 1.99.0 breaks the real imap
 * 1.0.0 also on the class path, on purpose).
 */
public record CliRun(int code, String out, String err, Duration took) {

  /** Runs connectorctl with {@code args} on the state directory below {@code tmp}. */
  public static CliRun of(Path tmp, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--state-dir", tmp.resolve("state").toString(), "--user", "ops",
        "--allow-incompatible-minor-versions"));
    all.addAll(List.of(args));
    long start = System.nanoTime();
    int code = Connectorctl.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
  }
}
