package io.cynodeai.connector.traceability;

/**
 * Two views of one Java source, both the same length as the source so offsets and line numbers carry over.
 * Comments and text blocks are blanked in both (a tag in a comment or a fixture text block is not a tag); the
 * {@code code} view keeps string and character literals, the {@code skeleton} view blanks their contents too,
 * leaving only the program's structure. Blanking keeps line breaks. Immutable and thread-safe.
 *
 * @param code the source without comments and text blocks, for finding annotations and their arguments
 * @param skeleton the source without comments and literal contents, for finding declarations and braces
 */
record MaskedSource(String code, String skeleton) {

  /** Masks {@code source}. */
  static MaskedSource of(String source) {
    char[] code = source.toCharArray();
    char[] skeleton = source.toCharArray();
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        int end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
        blank(code, i, end);
        blank(skeleton, i, end);
        i = end;
      } else if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(code, i, end);
        blank(skeleton, i, end);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int close = closingTextBlock(source, i + 3);
        blank(code, i + 3, close);
        blank(skeleton, i + 3, close);
        i = Math.min(n, close + 3);
      } else if (c == '"' || c == '\'') {
        int close = closingQuote(source, i + 1, c);
        blank(skeleton, i + 1, close);
        i = close + 1;
      } else {
        i++;
      }
    }
    return new MaskedSource(new String(code), new String(skeleton));
  }

  private static int closingTextBlock(String source, int from) {
    int j = from;
    while (j < source.length()) {
      if (source.charAt(j) == '\\') {
        j += 2;
      } else if (source.startsWith("\"\"\"", j)) {
        return j;
      } else {
        j++;
      }
    }
    return source.length();
  }

  private static int closingQuote(String source, int from, char quote) {
    int j = from;
    while (j < source.length()) {
      char c = source.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == quote || c == '\n') {
        return j;
      } else {
        j++;
      }
    }
    return source.length();
  }

  private static void blank(char[] text, int from, int to) {
    for (int k = Math.max(0, from); k < Math.min(to, text.length); k++) {
      if (text[k] != '\n' && text[k] != '\r') {
        text[k] = ' ';
      }
    }
  }
}
