package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.spec.SpecFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spec files of one command as one all-or-nothing submission, and the way back from a problem in the
 * submission to the file, line and column it came from.
 *
 * <p>{@linkplain #joined Joined}: files that are all YAML (or all single JSON objects) are submitted as their
 * text joined into one stream ({@code ---} between YAML files; one JSON array), each file starting on a line of
 * its own, so the engine reads and validates every spec exactly once and a problem's line maps back to its file
 * by subtraction. {@linkplain #canonical Canonical}: other mixes are validated file by file and submitted as
 * the canonical documents of the valid specs; a problem's document maps back to its file and the pointer is
 * located in the file's own text. Not thread-safe.
 */
final class SpecBatch {
  private final List<SpecInputs.Input> inputs;
  private final SpecSource source;
  /** Joined: the line of the submission where each input starts; null for a canonical batch. */
  private final int @Nullable [] startLines;
  /** How many documents each input holds; computed on first need for a joined batch. */
  private int @Nullable [] documents;

  private SpecBatch(List<SpecInputs.Input> inputs, SpecSource source, int @Nullable [] startLines,
      int @Nullable [] documents) {
    this.inputs = List.copyOf(inputs);
    this.source = source;
    this.startLines = startLines;
    this.documents = documents;
  }

  /**
   * The inputs joined into one source, or null when they cannot be joined without changing how they read: a
   * mix of YAML and JSON, a JSON array, a YAML directive or byte order mark, or a file with nothing in it (the
   * engine reports those file by file).
   */
  static @Nullable SpecBatch joined(List<SpecInputs.Input> inputs) {
    if (inputs.size() == 1) {
      return new SpecBatch(inputs, inputs.get(0).source(), new int[] {1}, null);
    }
    boolean json = SpecLocator.startsJson(inputs.get(0).source().content());
    StringBuilder text = new StringBuilder(inputs.stream().mapToInt(i -> i.source().content().length() + 5).sum());
    int[] starts = new int[inputs.size()];
    int line = 1;
    if (json) {
      text.append("[\n");
      line++;
    }
    for (int i = 0; i < inputs.size(); i++) {
      String content = inputs.get(i).source().content();
      if (!joinable(content, json)) {
        return null;
      }
      if (i > 0) {
        text.append(json ? ",\n" : "---\n");
        line++;
      }
      starts[i] = line;
      text.append(content);
      line += count(content, '\n');
      if (!content.endsWith("\n")) {
        text.append('\n');
        line++;
      }
    }
    if (json) {
      text.append("]\n");
    }
    return new SpecBatch(inputs, new SpecSource(json ? "files.json" : "files.yaml", text.toString()), starts,
        null);
  }

  private static boolean joinable(String content, boolean json) {
    String head = content.stripLeading();
    if (head.isEmpty() || SpecLocator.startsJson(content) != json) {
      return false;
    }
    if (json) {
      return head.charAt(0) == '{';
    }
    if (head.charAt(0) == '%' || head.charAt(0) == '\uFEFF') {
      return false;
    }
    // some line that is neither a comment nor a document marker: the file holds a document
    return content.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#")
        && !l.equals("---") && !l.equals("..."));
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** The valid specs of each input (validated file by file) as the canonical documents of one submission. */
  static SpecBatch canonical(List<SpecInputs.Input> inputs, List<List<ConnectorSpec>> specsPerInput) {
    List<ConnectorSpec> all = new ArrayList<>();
    specsPerInput.forEach(all::addAll);
    SpecSource source = inputs.size() == 1 ? inputs.get(0).source() : SpecFiles.batch("files", all);
    return new SpecBatch(inputs, source, inputs.size() == 1 ? new int[] {1} : null,
        specsPerInput.stream().mapToInt(List::size).toArray());
  }

  /** What is submitted. */
  SpecSource source() {
    return source;
  }

  List<SpecInputs.Input> inputs() {
    return inputs;
  }

  /** The problems of the submission by the file they are in, with the file's own line, column and document. */
  Map<String, List<SpecProblem>> byFile(List<SpecProblem> problems) {
    Map<String, List<SpecProblem>> out = new LinkedHashMap<>();
    for (SpecProblem p : problems) {
      int[] doc = input(p.document());
      if (doc == null) { // a problem of the whole submission (a cap crossed, say)
        out.computeIfAbsent(inputs.get(startLines == null ? 0 : inputAtLine(p.line())).name(),
            k -> new ArrayList<>()).add(startLines == null ? p : atLine(p, inputAtLine(p.line()), p.document()));
        continue;
      }
      SpecInputs.Input in = inputs.get(doc[0]);
      SpecProblem located;
      if (startLines != null && p.line() > 0) {
        located = atLine(p, doc[0], doc[1]);
      } else {
        int[] at = SpecLocator.locate(in.source().content(), doc[1], p.pointer());
        located = new SpecProblem(doc[1], p.pointer(), p.code(), p.message(), at[0], at[1]);
      }
      out.computeIfAbsent(in.name(), k -> new ArrayList<>()).add(located);
    }
    return out;
  }

  private SpecProblem atLine(SpecProblem p, int input, int document) {
    int line = p.line() > 0 ? p.line() - startLines[input] + 1 : 0;
    return new SpecProblem(document, p.pointer(), p.code(), p.message(), line, p.line() > 0 ? p.column() : 0);
  }

  private int inputAtLine(int line) {
    int i = Arrays.binarySearch(startLines, Math.max(1, line));
    return i >= 0 ? i : Math.max(0, -i - 2);
  }

  /** {input index, document within it} of a document of the submission, or null when out of range. */
  private int @Nullable [] input(int document) {
    if (documents == null) {
      documents = inputs.stream().mapToInt(i -> SpecLocator.documents(i.source().content())).toArray();
    }
    int d = document;
    for (int i = 0; i < documents.length; i++) {
      if (d < documents[i]) {
        return new int[] {i, d};
      }
      d -= documents[i];
    }
    return null;
  }
}
