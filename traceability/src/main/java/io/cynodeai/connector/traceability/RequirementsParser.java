package io.cynodeai.connector.traceability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the requirements file: each {@code ## Name (CODE)} heading opens a Spec ID, and each table row under it
 * whose first cell is a requirement ID ({@code | ID | Requirement | Spec § | Status |}) is a requirement. Other
 * {@code ##} headings close the current Spec ID; other lines, and tables outside a Spec ID, are prose and ignored. Every rule the file breaks (bad ID,
 * ID outside or not matching its Spec ID, duplicate ID or code, wrong column count or header, unknown status)
 * is collected and reported together. Stateless and thread-safe.
 */
public final class RequirementsParser {
  /** The columns every requirements table has, in order. */
  public static final List<String> COLUMNS = List.of("ID", "Requirement", "Spec §", "Status");

  private static final Pattern HEADING = Pattern.compile("^##\\s+(\\S.*?)\\s+\\(([A-Z][A-Z0-9]*)\\)\\s*$");
  private static final Pattern ID = Pattern.compile("REQ-([A-Z][A-Z0-9]*)-(\\d{3})");

  /** Parses the requirements file at {@code file} (UTF-8). */
  public RequirementsDocument parse(Path file) throws IOException, RequirementsFormatException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses the lines of a requirements file; {@code source} names it in error messages. */
  public RequirementsDocument parse(List<String> lines, String source) throws RequirementsFormatException {
    List<String> problems = new ArrayList<>();
    List<SpecGroup> groups = new ArrayList<>();
    Map<String, Integer> idLines = new HashMap<>();
    Map<String, Integer> codeLines = new HashMap<>();
    GroupBuilder current = null;
    for (int index = 0; index < lines.size(); index++) {
      int lineNumber = index + 1;
      String line = lines.get(index).strip();
      String where = source + ":" + lineNumber + ": ";
      if (line.startsWith("## ") || line.equals("##")) {
        closeGroup(current, groups);
        current = openGroup(line, lineNumber, codeLines, where, problems);
      } else if (line.startsWith("|")) {
        readRow(line, lineNumber, current, idLines, where, problems);
      }
    }
    closeGroup(current, groups);
    if (!problems.isEmpty()) {
      throw new RequirementsFormatException(problems);
    }
    return new RequirementsDocument(groups);
  }

  private static @Nullable GroupBuilder openGroup(
      String line, int lineNumber, Map<String, Integer> codeLines, String where, List<String> problems) {
    Matcher heading = HEADING.matcher(line);
    if (!heading.matches()) {
      return null;
    }
    String code = heading.group(2);
    Integer earlier = codeLines.putIfAbsent(code, lineNumber);
    if (earlier != null) {
      problems.add(where + "Spec ID code " + code + " already used at line " + earlier);
    }
    return new GroupBuilder(heading.group(1), code);
  }

  private static void closeGroup(@Nullable GroupBuilder current, List<SpecGroup> groups) {
    if (current != null) {
      groups.add(new SpecGroup(current.name, current.code, current.requirements));
    }
  }

  private static void readRow(
      String line,
      int lineNumber,
      @Nullable GroupBuilder current,
      Map<String, Integer> idLines,
      String where,
      List<String> problems) {
    List<String> cells = MarkdownTables.cells(line);
    if (cells.isEmpty() || MarkdownTables.isSeparator(cells)) {
      return;
    }
    String first = cells.get(0);
    if (first.equals(COLUMNS.get(0))) {
      if (current != null && !cells.equals(COLUMNS)) {
        problems.add(where + "table header must be | " + String.join(" | ", COLUMNS) + " |, found " + cells);
      }
      return;
    }
    if (!first.startsWith("REQ")) {
      return;
    }
    Matcher id = ID.matcher(first);
    if (!id.matches()) {
      problems.add(where + "malformed requirement ID '" + first + "' (expected REQ-<CODE>-<NNN>)");
      return;
    }
    if (cells.size() != COLUMNS.size()) {
      problems.add(where + first + ": expected " + COLUMNS.size() + " cells, found " + cells.size());
      return;
    }
    if (current == null) {
      problems.add(where + first + " is not under a '## Name (CODE)' Spec ID heading");
      return;
    }
    if (!id.group(1).equals(current.code)) {
      problems.add(where + first + " is under Spec ID " + current.name + " (" + current.code
          + "); its ID must start with REQ-" + current.code + "-");
    }
    Integer earlier = idLines.putIfAbsent(first, lineNumber);
    if (earlier != null) {
      problems.add(where + first + " duplicates the requirement at line " + earlier);
    }
    Optional<Status> status = Status.fromLabel(cells.get(3));
    if (status.isEmpty()) {
      problems.add(where + first + ": status must be 'implemented' or 'planned', found '" + cells.get(3) + "'");
      return;
    }
    if (cells.get(1).isEmpty()) {
      problems.add(where + first + ": the requirement text is empty");
    }
    current.requirements.add(new Requirement(first, cells.get(1), cells.get(2), status.get(), lineNumber));
  }

  /** A Spec ID being read. Confined to one parse call. */
  private static final class GroupBuilder {
    private final String name;
    private final String code;
    private final List<Requirement> requirements = new ArrayList<>();

    private GroupBuilder(String name, String code) {
      this.name = name;
      this.code = code;
    }
  }
}
