package io.cynodeai.connector.core.internal.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Cuts a response to a size cap (§16) while keeping it valid JSON of the same root type: repeatedly the
 * largest array loses elements from its end, the largest long string is shortened, and as a last resort
 * object members are dropped from the end. The input tree is never modified. Thread-safe.
 *
 * <p>A truncated document may no longer satisfy its response schema (an array below {@code minItems}); the
 * envelope's {@code truncated} flag and warning tell the caller.
 */
public final class Truncator {
  private static final int MAX_ROUNDS = 256;
  private static final int MIN_STRING = 16;
  private static final String ELLIPSIS = "…";

  private Truncator() {}

  /** {@code data} unchanged when it fits, else a truncated copy. */
  public static Truncated truncate(JsonNode data, long cap) {
    return truncate(data, cap, -1);
  }

  /**
   * As {@link #truncate(JsonNode, long)}, with an upper bound of {@code data}'s size the caller already has
   * ({@link JsonTrees#plainSizeBound}), or -1: data whose bound fits is returned without being measured.
   */
  public static Truncated truncate(JsonNode data, long cap, long sizeBound) {
    if (sizeBound >= 0 && sizeBound <= cap) {
      return new Truncated(data, false, sizeBound);
    }
    long size = JsonTrees.sizeOf(data);
    if (size <= cap) {
      return new Truncated(data, false, size);
    }
    JsonNode copy = data.deepCopy();
    for (int round = 0; round < MAX_ROUNDS && size > cap; round++) {
      if (!shrinkLargest(copy, size - cap)) {
        break;
      }
      size = JsonTrees.sizeOf(copy);
    }
    if (size > cap) {
      copy = emptyLike(copy);
      size = JsonTrees.sizeOf(copy);
    }
    return new Truncated(copy, true, size);
  }

  /** Shrinks the largest trimmable node by about {@code excess} bytes; false if nothing can shrink. */
  private static boolean shrinkLargest(JsonNode root, long excess) {
    Candidate best = null;
    List<Candidate> all = new ArrayList<>();
    collect(root, null, null, -1, all);
    for (Candidate c : all) {
      if (best == null || c.size > best.size) {
        best = c;
      }
    }
    if (best == null) {
      return false;
    }
    if (best.node.isArray()) {
      shrinkArray((ArrayNode) best.node, excess);
    } else if (best.node.isTextual()) {
      String text = best.node.textValue();
      int keep = (int) Math.max(0, Math.min(text.length() - 1, text.length() - excess - ELLIPSIS.length() - 8));
      keep = Math.max(Math.min(keep, text.length() / 2), 0);
      if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
        keep--;
      }
      TextNode cut = TextNode.valueOf(text.substring(0, keep) + ELLIPSIS);
      if (best.parent instanceof ObjectNode o) {
        o.set(best.key, cut);
      } else if (best.parent instanceof ArrayNode a) {
        a.set(best.index, cut);
      }
    } else {
      ObjectNode object = (ObjectNode) best.node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      object.remove(names.get(names.size() - 1));
    }
    return true;
  }

  private static void shrinkArray(ArrayNode array, long excess) {
    long removed = 0;
    while (array.size() > 0 && removed < excess) {
      removed += JsonTrees.sizeOf(array.get(array.size() - 1)) + 1;
      array.remove(array.size() - 1);
    }
  }

  private static void collect(JsonNode node, ContainerNode<?> parent, String key, int index, List<Candidate> out) {
    if (node.isArray() && node.size() > 0) {
      out.add(new Candidate(node, parent, key, index, JsonTrees.sizeOf(node)));
    } else if (node.isTextual() && node.textValue().length() > MIN_STRING) {
      out.add(new Candidate(node, parent, key, index, node.textValue().length()));
    } else if (node.isObject() && node.size() > 0 && !hasTrimmableChild(node)) {
      out.add(new Candidate(node, parent, key, index, JsonTrees.sizeOf(node)));
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), (ObjectNode) node, e.getKey(), -1, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), (ArrayNode) node, null, i, out);
      }
    }
  }

  private static boolean hasTrimmableChild(JsonNode object) {
    for (JsonNode child : object) {
      if ((child.isArray() && child.size() > 0) || (child.isTextual() && child.textValue().length() > MIN_STRING)
          || (child.isObject() && child.size() > 0)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode emptyLike(JsonNode node) {
    if (node.isArray()) {
      return JsonTrees.MAPPER.createArrayNode();
    }
    if (node.isObject()) {
      return JsonTrees.MAPPER.createObjectNode();
    }
    return TextNode.valueOf(ELLIPSIS);
  }

  private record Candidate(JsonNode node, ContainerNode<?> parent, String key, int index, long size) {}

  /**
   * The (possibly) truncated data, whether it was cut, and its size: exact when it was cut (or measured), at
   * least the size when it fitted by a caller's bound.
   */
  public record Truncated(JsonNode data, boolean truncated, long size) {}
}
