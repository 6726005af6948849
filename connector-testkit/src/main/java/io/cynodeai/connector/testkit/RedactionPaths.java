package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.RedactionRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The testkit's own reading of redaction rules (§3.3), kept apart from the engine's so the fuzz checks
 * compare the engine against an independent oracle: a rule is a JSON Pointer whose {@code *} segments match
 * every member or element. Stateless; thread-safe.
 */
final class RedactionPaths {
  private RedactionPaths() {}

  /** The concrete pointers in {@code doc} that any of the rules matches, in rule then document order. */
  static Set<String> matches(List<RedactionRule> rules, JsonNode doc) {
    Set<String> out = new LinkedHashSet<>();
    for (RedactionRule rule : rules) {
      walk(doc, segments(rule.pointerPattern()), 0, "", out);
    }
    return out;
  }

  /** The unescaped segments of a pointer or pointer pattern. */
  static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static void walk(JsonNode node, List<String> pattern, int depth, String path, Set<String> out) {
    if (depth == pattern.size()) {
      if (!path.isEmpty()) {
        out.add(path);
      }
      return;
    }
    String segment = pattern.get(depth);
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (segment.equals("*") || segment.equals(e.getKey())) {
          walk(e.getValue(), pattern, depth + 1, path + "/" + escape(e.getKey()), out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (segment.equals("*") || segment.equals(Integer.toString(i))) {
          walk(node.get(i), pattern, depth + 1, path + "/" + i, out);
        }
      }
    }
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
