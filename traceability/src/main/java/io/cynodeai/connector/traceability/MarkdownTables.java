package io.cynodeai.connector.traceability;

import java.util.ArrayList;
import java.util.List;

/** Splitting and writing Markdown table rows, where {@code \|} is a literal pipe. Stateless and thread-safe. */
final class MarkdownTables {
  private MarkdownTables() {}

  /** The trimmed, unescaped cells of a table row; empty for a line that is not one. */
  static List<String> cells(String row) {
    String line = row.strip();
    if (!line.startsWith("|")) {
      return List.of();
    }
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (!cell.toString().isBlank()) {
      cells.add(cell.toString().strip());
    }
    return cells;
  }

  /** Whether the cells are a header separator such as {@code |---|:--:|}. */
  static boolean isSeparator(List<String> cells) {
    return cells.stream().allMatch(cell -> cell.matches(":?-+:?"));
  }

  /** A cell's text with pipes escaped and line breaks flattened, ready to write into a row. */
  static String escape(String text) {
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }
}
