package io.cynodeai.connector.core.internal.normalize;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Refuses handler results whose JSON tree nests deeper than the engine can safely walk: every later step
 * (credential scrubbing, schema validation, redaction, truncation, serialization) recurses through the tree,
 * and a deep enough tree would overflow the calling thread's stack. The limit is Jackson's default read limit
 * ({@value #MAX_DEPTH}), the one a raw JSON answer already meets when it is parsed. Measured without
 * recursion. Stateless; thread-safe.
 */
public final class NestingLimit {
  /** The deepest nesting accepted: an object or array counts one level, a scalar none. */
  public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

  private NestingLimit() {}

  /** A permanent {@code response_too_deep} failure if the result's tree nests too deep, else null. */
  public static @Nullable Failed check(HandlerResult result) {
    JsonNode tree = result.json();
    if (tree == null || depth(tree, MAX_DEPTH) <= MAX_DEPTH) {
      return null;
    }
    return Failed.of(FailureClass.PERMANENT, "response_too_deep", "the provider's response nests deeper than "
        + MAX_DEPTH + " levels");
  }

  /** The nesting depth of {@code root}, counted up to {@code limit + 1} at most. */
  public static int depth(JsonNode root, int limit) {
    Deque<JsonNode> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(root.isContainerNode() ? 1 : 0);
    int max = 0;
    while (!nodes.isEmpty()) {
      JsonNode node = nodes.pop();
      int depth = depths.pop();
      max = Math.max(max, depth);
      if (max > limit) {
        return max;
      }
      for (JsonNode child : node) {
        if (child.isContainerNode()) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
    return max;
  }
}
