package io.cynodeai.connector.core.internal.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replaces every leased secret in a handler's answer with {@code [REDACTED]} before the scope that leased it
 * closes (§8): string values and object keys of the tree, and warnings, in every form {@link
 * CredentialVault.Scope#scrub} finds (as is, percent-encoded, Base64 of {@code user:secret}). The last line of
 * defence for a connector that echoes its credential into a field it did not declare for redaction; it cannot
 * see a secret the connector transformed otherwise (split, hashed). A raw JSON answer is parsed here (as {@link
 * NormalizeStage} would) so that a secret written with JSON escapes is found too; text that is not JSON is
 * scrubbed as text and refused later. Copy on write: an answer that holds no secret is returned as it is, and a
 * scope that leased nothing costs nothing. Stateless.
 */
final class ResultScrubber {
  static final String WARNING = "a credential of the instance was removed from the response";
  /** Raw JSON must be one document: trailing content ({@code {"a":1}}}) is not JSON either. */
  static final ObjectReader STRICT =
      JsonTrees.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ResultScrubber() {}

  static HandlerResult scrub(HandlerResult result, CredentialVault.Scope creds) {
    if (!creds.scrubs()) {
      return result;
    }
    boolean changed = false;
    HandlerResult out;
    if (result.json() != null) {
      JsonNode tree = result.json();
      JsonNode clean = scrubTree(tree, creds);
      changed = clean != tree;
      out = changed ? HandlerResult.of(clean) : result;
    } else {
      String raw = String.valueOf(result.rawJson());
      JsonNode tree = parse(raw);
      if (tree != null) { // parsed once here; NormalizeStage takes the tree
        JsonNode clean = scrubTree(tree, creds);
        changed = clean != tree;
        out = HandlerResult.of(clean);
      } else {
        String clean = creds.scrub(raw);
        changed = !clean.equals(raw);
        out = changed ? HandlerResult.ofRawJson(clean) : result;
      }
    }
    List<String> warnings = result.warnings();
    for (int i = 0; i < warnings.size(); i++) { // indexed: no iterator on the path that changes nothing
      String warning = warnings.get(i);
      String clean = creds.scrub(warning);
      if (clean != warning) {
        if (warnings == result.warnings()) {
          warnings = new ArrayList<>(warnings);
        }
        warnings.set(i, clean);
        changed = true;
      }
    }
    if (!changed && out == result) {
      return result;
    }
    if (changed) {
      warnings = new ArrayList<>(warnings);
      warnings.add(WARNING);
    }
    return rebuilt(out, result, warnings);
  }

  /** {@code data} with the status, quota reset and {@code warnings} of {@code original}. */
  private static HandlerResult rebuilt(HandlerResult data, HandlerResult original, List<String> warnings) {
    HandlerResult out = data.json() != null ? HandlerResult.of(data.json())
        : HandlerResult.ofRawJson(String.valueOf(data.rawJson()));
    if (original.providerStatus() != null) {
      out = out.withProviderStatus(original.providerStatus());
    }
    if (original.quotaReset() != null) {
      out = out.withQuotaReset(original.quotaReset());
    }
    for (String warning : warnings) {
      out = out.withWarning(warning);
    }
    return out;
  }

  private static @Nullable JsonNode parse(String raw) {
    try {
      JsonNode tree = STRICT.readTree(raw);
      return tree == null || tree.isMissingNode() ? null : tree;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@code node} itself if it holds no secret, else a copy of the changed path (unchanged subtrees shared). */
  private static JsonNode scrubTree(JsonNode node, CredentialVault.Scope creds) {
    if (node.isTextual()) {
      String text = node.textValue();
      String clean = creds.scrub(text);
      return clean == text ? node : TextNode.valueOf(clean);
    }
    if (node instanceof ObjectNode object) {
      return scrubObject(object, creds);
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = null;
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        JsonNode clean = scrubTree(element, creds);
        if (clean != element && copy == null) {
          copy = array.arrayNode(array.size());
          for (int j = 0; j < i; j++) {
            copy.add(array.get(j));
          }
        }
        if (copy != null) {
          copy.add(clean);
        }
      }
      return copy == null ? array : copy;
    }
    return node;
  }

  /**
   * Keys are scrubbed like values. Two keys that become equal ({@code "Bearer abcd"} and {@code "Bearer
   * [REDACTED]"}) are both kept: the later one, in the object's order, gets the first free suffix {@code #2},
   * {@code #3}, ... so no value is lost and the result does not depend on which secret was where.
   */
  private static JsonNode scrubObject(ObjectNode object, CredentialVault.Scope creds) {
    ObjectNode copy = null;
    int index = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); index++) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String cleanKey = creds.scrub(key);
      JsonNode value = e.getValue();
      JsonNode clean = scrubTree(value, creds);
      if (copy == null && (cleanKey != key || clean != value)) {
        copy = object.objectNode();
        Iterator<Map.Entry<String, JsonNode>> before = object.fields();
        for (int j = 0; j < index; j++) {
          Map.Entry<String, JsonNode> kept = before.next();
          copy.set(kept.getKey(), kept.getValue());
        }
      }
      if (copy != null) {
        copy.set(unique(copy, cleanKey, object), clean);
      }
    }
    return copy == null ? object : copy;
  }

  private static String unique(ObjectNode copy, String key, ObjectNode original) {
    if (!copy.has(key)) {
      return key;
    }
    for (int n = 2; ; n++) { // ends: each try that fails skips a key of the copy or of the original
      String candidate = key + "#" + n;
      if (!copy.has(candidate) && !original.has(candidate)) {
        return candidate;
      }
    }
  }
}
