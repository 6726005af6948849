package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders outcomes for people ({@code text}) or programs ({@code -o json}) and maps them to exit codes. */
final class Printer {
  private Printer() {}

  /** Prints problems located in {@code origin}, one per line, compiler style. */
  static void problems(CliContext ctx, String origin, List<SpecProblem> problems) {
    for (SpecProblem p : problems) {
      String where = p.line() > 0 ? origin + ":" + p.line() + ":" + p.column() : origin;
      ctx.err.println(where + ": " + (p.pointer().isEmpty() ? "/" : p.pointer()) + ": " + p.message() + " ["
          + p.code() + "]" + (p.document() > 0 ? " (document " + p.document() + ")" : ""));
    }
  }

  /**
   * Prints an outcome and returns the exit code it means; {@code byFile} traces a refusal's problems back to the
   * files (and their lines) they are in.
   */
  static int outcome(CliContext ctx, Function<List<SpecProblem>, Map<String, List<SpecProblem>>> byFile,
      SpecOutcome outcome, boolean isDiff) {
    if (outcome instanceof SpecOutcome.Refused r) {
      Map<String, List<SpecProblem>> located = byFile.apply(r.problems());
      if (ctx.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "rejected");
        body.put("failure", r.failure());
        List<Map<String, Object>> problems = new ArrayList<>();
        located.forEach((file, list) -> list.forEach(p -> problems.add(withFile(file, p))));
        body.put("problems", problems);
        ctx.printJson(body);
      }
      located.forEach((file, list) -> problems(ctx, file, list));
      int exit = exitCode(r);
      // what the exit code means, not the failure class: a conflict is refused, not a validation error
      ctx.err.println((exit == ExitCodes.INVALID ? "invalid" : exit == ExitCodes.NOT_FOUND ? "not found"
          : "refused (" + r.failure().code() + ")") + ": nothing was applied");
      return exit;
    }
    SpecOutcome.Applied a = (SpecOutcome.Applied) outcome;
    boolean changed = a.changes().stream().anyMatch(c -> c.kind() != SpecChange.Kind.UNCHANGED);
    if (ctx.json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("outcome", isDiff ? "diff" : "applied");
      body.put("changes", a.changes());
      body.put("statuses", a.statuses());
      ctx.printJson(body);
    } else {
      a.changes().forEach(c -> c.render().lines().forEach(ctx.out::println));
      a.statuses().forEach(s -> ctx.out.println(statusLine(s)));
    }
    return isDiff && changed ? ExitCodes.CHANGES : ExitCodes.OK;
  }

  private static Map<String, Object> withFile(String file, SpecProblem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("document", p.document());
    m.put("pointer", p.pointer());
    m.put("code", p.code());
    m.put("message", p.message());
    m.put("line", p.line());
    m.put("column", p.column());
    return m;
  }

  static int exitCode(SpecOutcome.Refused r) {
    String code = r.failure().code();
    if (code.equals("invalid_spec")) {
      return ExitCodes.INVALID;
    }
    if (code.equals("store_unavailable")) {
      return ExitCodes.IO_ERROR; // the state database could not answer, as a StoreException was before
    }
    return code.equals("unknown_spec") ? ExitCodes.NOT_FOUND : ExitCodes.REFUSED;
  }

  static String statusLine(SpecStatus s) {
    return String.format("%-24s %-18s enabled=%-5s rv=%-4s%s", s.name(),
        s.status() == null ? "(no instance)" : s.status().wireName(), s.enabled(), s.resourceVersion(),
        s.lastError() == null ? "" : " last_error=" + s.lastError().code() + ": " + s.lastError().message());
  }
}
