package io.cynodeai.connector.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * Finds where a document, or a value in it by JSON Pointer, starts in spec text (YAML, or JSON: one object or an
 * array of them), for refusals the engine names by document and pointer only. Documents are counted as the
 * engine counts them: mappings only, empty YAML documents skipped. Used on the failure path only; stateless.
 */
final class SpecLocator {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  private SpecLocator() {}

  /** Whether the text is read as JSON: its first non-blank character opens an object or array. */
  static boolean startsJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** How many spec documents {@code text} holds (as far as it can be read). */
  static int documents(String text) {
    return (int) walk(text, Integer.MAX_VALUE, null)[2];
  }

  /**
   * The line and column (1-based) of the value at {@code pointer} in document {@code document} (0-based) of
   * {@code text}, or of its nearest located parent; {@code {0, 0}} when it cannot be found.
   */
  static int[] locate(String text, int document, String pointer) {
    long[] found = walk(text, document, pointer);
    return new int[] {(int) found[0], (int) found[1]};
  }

  /** Returns {line, column, documents seen}. */
  private static long[] walk(String text, int document, String pointer) {
    long[] out = {0, 0, 0};
    boolean json = startsJson(text);
    try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
      JsonToken t = p.nextToken();
      boolean array = json && t == JsonToken.START_ARRAY;
      if (array) {
        t = p.nextToken();
      }
      while (t != null && t != JsonToken.END_ARRAY) {
        if (t == JsonToken.START_OBJECT) {
          if (out[2] == document && pointer != null) {
            find(p, pointer, out);
            out[2]++;
            return out;
          }
          out[2]++;
        }
        p.skipChildren();
        t = p.nextToken();
      }
    } catch (IOException | RuntimeException e) {
      // unreadable past here: what was found so far
    }
    return out;
  }

  /** With the parser on a document's START_OBJECT: the position of {@code pointer} or its nearest parent. */
  private static void find(JsonParser p, String pointer, long[] out) throws IOException {
    int bestLength = -1;
    int depth = 0;
    JsonToken t = p.currentToken();
    do {
      if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
        String at = p.getParsingContext().pathAsPointer().toString();
        boolean exact = at.equals(pointer);
        if ((exact || pointer.startsWith(at + "/") || at.isEmpty()) && at.length() > bestLength) {
          JsonLocation where = p.currentTokenLocation();
          out[0] = where.getLineNr();
          out[1] = where.getColumnNr();
          bestLength = at.length();
          if (exact) {
            return;
          }
        }
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        depth++;
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        depth--;
      }
      t = p.nextToken();
    } while (t != null && depth > 0);
  }
}
