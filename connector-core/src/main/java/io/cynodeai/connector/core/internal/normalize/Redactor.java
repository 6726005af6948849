package io.cynodeai.connector.core.internal.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cynodeai.connector.spi.RedactionRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies an operation's redaction rules (§3.3): JSON Pointers whose {@code *} segments match every array
 * element or object member. The input tree is never modified; a copy is made only when something matches.
 * Immutable and thread-safe.
 */
public final class Redactor {
  private static final Redactor NONE = new Redactor(List.of());
  private static final TextNode REDACTED = TextNode.valueOf(RedactionRule.REDACTED);

  private final List<List<String>> patterns;

  private Redactor(List<List<String>> patterns) {
    this.patterns = patterns;
  }

  /**
   * Compiles rules.
   *
   * @throws IllegalArgumentException if a pattern is not a JSON Pointer
   */
  public static Redactor of(List<RedactionRule> rules) {
    if (rules.isEmpty()) {
      return NONE;
    }
    List<List<String>> parsed = new ArrayList<>();
    for (RedactionRule rule : rules) {
      parsed.add(parse(rule.pointerPattern()));
    }
    return new Redactor(List.copyOf(parsed));
  }

  /** A redacted view of {@code data} and the concrete pointers that were redacted. */
  public Redacted apply(JsonNode data) {
    if (patterns.isEmpty()) {
      return new Redacted(data, List.of());
    }
    List<String> hits = new ArrayList<>();
    for (List<String> pattern : patterns) {
      match(data, pattern, 0, "", hits);
    }
    if (hits.isEmpty()) {
      return new Redacted(data, List.of());
    }
    JsonNode copy = data.deepCopy();
    List<String> applied = new ArrayList<>();
    for (String pointer : hits) {
      if (replace(copy, pointer)) {
        applied.add(pointer);
      }
    }
    return new Redacted(copy, List.copyOf(applied));
  }

  private static void match(JsonNode node, List<String> pattern, int depth, String path, List<String> hits) {
    if (depth == pattern.size()) {
      if (!hits.contains(path) && !path.isEmpty()) {
        hits.add(path);
      }
      return;
    }
    String segment = pattern.get(depth);
    if (node.isObject()) {
      if ("*".equals(segment)) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          match(e.getValue(), pattern, depth + 1, path + "/" + escape(e.getKey()), hits);
        }
      } else if (node.has(segment)) {
        match(node.get(segment), pattern, depth + 1, path + "/" + escape(segment), hits);
      }
    } else if (node.isArray()) {
      if ("*".equals(segment)) {
        for (int i = 0; i < node.size(); i++) {
          match(node.get(i), pattern, depth + 1, path + "/" + i, hits);
        }
      } else if (isIndex(segment) && Integer.parseInt(segment) < node.size()) {
        match(node.get(Integer.parseInt(segment)), pattern, depth + 1, path + "/" + segment, hits);
      }
    }
  }

  private static boolean replace(JsonNode root, String pointer) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String last = unescape(pointer.substring(cut + 1));
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.set(last, REDACTED);
      return true;
    }
    if (parent instanceof ArrayNode array && isIndex(last) && Integer.parseInt(last) < array.size()) {
      array.set(Integer.parseInt(last), REDACTED);
      return true;
    }
    return false;
  }

  private static List<String> parse(String pattern) {
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw new IllegalArgumentException("'" + pattern + "' is not a JSON Pointer into the response data");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : pattern.substring(1).split("/", -1)) {
      if (raw.matches(".*~[^01].*|.*~$")) {
        throw new IllegalArgumentException("'" + pattern + "' has an invalid ~ escape");
      }
      segments.add(unescape(raw));
    }
    return List.copyOf(segments);
  }

  private static boolean isIndex(String s) {
    return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  /** Redacted data and the pointers redacted. */
  public record Redacted(JsonNode data, List<String> pointers) {}
}
