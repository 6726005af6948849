package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.SpecProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long runs on standard error, for people: one line at every tenth of the work (so a 10,000-spec
 * apply prints ten lines, a log file stays readable and nothing depends on the clock). Silent for small runs
 * ({@value #THRESHOLD} items or fewer) and with {@code -o json}, whose standard output stays one document.
 * Not thread-safe; one per run.
 */
final class ProgressLine implements SpecProgress {
  static final int THRESHOLD = 100;
  private final PrintWriter err;
  private final String verb;
  private final String unit;
  private final boolean silent;
  private int lastTenth;

  private ProgressLine(PrintWriter err, String verb, String unit, boolean silent) {
    this.err = err;
    this.verb = verb;
    this.unit = unit;
    this.silent = silent;
  }

  /** Progress for people, or a silent one with JSON output; a run of few items stays silent too. */
  static ProgressLine of(CliContext ctx, String verb, String unit) {
    return new ProgressLine(ctx.err, verb, unit, ctx.json);
  }

  @Override
  public void processed(int done, int total) {
    if (silent || total <= THRESHOLD) {
      return;
    }
    int tenth = (int) (10L * done / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println(String.format(Locale.ROOT, "%s: %,d/%,d %s (%d%%)", verb, done, total, unit, tenth * 10));
      err.flush();
    }
  }
}
