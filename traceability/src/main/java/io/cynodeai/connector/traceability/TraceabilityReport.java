package io.cynodeai.connector.traceability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's traceability check. Reads {@code docs/spec/requirements.md} under the repository root, finds the
 * requirement tags of every test, writes {@code docs/spec/traceability.md}, and exits non-zero when a
 * requirement marked implemented has no test or a tag names an unknown requirement.
 *
 * <p>Usage: {@code java io.cynodeai.connector.traceability.TraceabilityReport [repository-root]} (default: the
 * working directory). Exit status 0 when the check passes, 1 when it fails, 2 when the requirements file is
 * malformed or unreadable. Stateless and thread-safe; {@link #run} only writes the report file and the given
 * streams.
 */
public final class TraceabilityReport {
  /** The requirements file, relative to the repository root. */
  public static final String REQUIREMENTS = "docs/spec/requirements.md";
  /** The generated report, relative to the repository root. */
  public static final String REPORT = "docs/spec/traceability.md";
  /** Exit status: the check passed. */
  public static final int OK = 0;
  /** Exit status: an implemented requirement lacks a test, or a tag names an unknown requirement. */
  public static final int FAILED = 1;
  /** Exit status: bad arguments, or the requirements file is missing, unreadable or malformed. */
  public static final int ERROR = 2;

  private static final int TEXT_WIDTH = 90;

  private TraceabilityReport() {}

  /** Runs the check and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the check on the repository root named by {@code args} and returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 1) {
      err.println("Usage: TraceabilityReport [repository-root]");
      return ERROR;
    }
    Path root = Path.of(args.length == 0 ? "." : args[0]).toAbsolutePath().normalize();
    Path requirementsFile = root.resolve(REQUIREMENTS);
    if (!Files.isRegularFile(requirementsFile)) {
      err.println("Traceability check ERROR: no requirements file at " + requirementsFile);
      return ERROR;
    }
    try {
      RequirementsDocument document = new RequirementsParser().parse(requirementsFile);
      List<TagUse> tags = new TestTagScanner().scan(root);
      CheckResult result = new TraceabilityCheck().check(document, tags);
      Files.writeString(root.resolve(REPORT), new ReportWriter().render(result), StandardCharsets.UTF_8);
      if (result.passed()) {
        out.println(success(result, tags.size()));
        return OK;
      }
      err.print(failure(result));
      return FAILED;
    } catch (RequirementsFormatException e) {
      err.println("Traceability check ERROR: " + e.getMessage());
      return ERROR;
    } catch (IOException e) {
      err.println("Traceability check ERROR: " + e);
      return ERROR;
    }
  }

  private static String success(CheckResult result, int tagCount) {
    return "Traceability check passed: " + result.document().requirements().size() + " requirements ("
        + result.count(Status.IMPLEMENTED) + " implemented, each with a test; " + result.count(Status.PLANNED)
        + " planned), " + tagCount + " requirement tags in tests. Wrote " + REPORT + ".";
  }

  /** The failure message: a one-line summary, then each problem on its own line. */
  static String failure(CheckResult result) {
    StringBuilder text = new StringBuilder();
    int untested = result.untestedImplemented().size();
    int unknown = result.unknownTags().size();
    text.append("Traceability check FAILED: ")
        .append(untested).append(untested == 1 ? " requirement" : " requirements")
        .append(" marked implemented in ").append(REQUIREMENTS).append(" without a test, ")
        .append(unknown).append(unknown == 1 ? " test tag" : " test tags")
        .append(" naming an unknown requirement.\n");
    if (untested > 0) {
      text.append("Implemented requirements with no test (tag a test that proves each with @Tag(\"<ID>\"),"
          + " or mark it planned):\n");
      for (Requirement requirement : result.untestedImplemented()) {
        text.append("  ").append(requirement.id()).append("  ").append(shorten(requirement.text()))
            .append(" (").append(requirement.section()).append(")\n");
      }
    }
    if (unknown > 0) {
      text.append("Test tags naming no requirement in ").append(REQUIREMENTS)
          .append(" (fix the tag or add the requirement):\n");
      for (TagUse tag : result.unknownTags()) {
        text.append("  ").append(tag.requirementId()).append("  at ").append(tag.location())
            .append(" (").append(tag.test().display()).append(")\n");
      }
    }
    text.append("Full matrix written to ").append(REPORT).append(".\n");
    return text.toString();
  }

  private static String shorten(String text) {
    if (text.length() <= TEXT_WIDTH) {
      return text;
    }
    int cut = text.lastIndexOf(' ', TEXT_WIDTH - 3);
    return text.substring(0, cut > 0 ? cut : TEXT_WIDTH - 3).stripTrailing() + "...";
  }
}
