package io.cynodeai.connector.core.internal.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replaces every leased secret found verbatim in a handler's answer (string values of the tree, or the raw JSON
 * text, and warnings) with {@code [REDACTED]} before the scope that leased it closes (§8): the last line of
 * defence for a connector that echoes its credential into a field it did not declare for redaction. It cannot
 * see a secret the connector transformed (encoded, split). Stateless.
 */
final class ResultScrubber {
  static final String WARNING = "a credential of the instance was removed from the response";

  private ResultScrubber() {}

  static HandlerResult scrub(HandlerResult result, CredentialVault.Scope creds) {
    AtomicBoolean changed = new AtomicBoolean();
    HandlerResult out;
    if (result.json() != null) {
      JsonNode tree = scrubTree(result.json(), creds, changed);
      out = changed.get() ? HandlerResult.of(tree) : result;
    } else {
      String raw = String.valueOf(result.rawJson());
      String clean = creds.scrub(raw);
      changed.set(!clean.equals(raw));
      out = changed.get() ? HandlerResult.ofRawJson(clean) : result;
    }
    if (!changed.get()) {
      return result;
    }
    if (result.providerStatus() != null) {
      out = out.withProviderStatus(result.providerStatus());
    }
    for (String warning : result.warnings()) {
      out = out.withWarning(creds.scrub(warning));
    }
    return out.withWarning(WARNING);
  }

  private static JsonNode scrubTree(JsonNode node, CredentialVault.Scope creds, AtomicBoolean changed) {
    if (node.isTextual()) {
      String clean = creds.scrub(node.textValue());
      if (!clean.equals(node.textValue())) {
        changed.set(true);
        return TextNode.valueOf(clean);
      }
      return node;
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), scrubTree(e.getValue(), creds, changed));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = array.arrayNode();
      array.forEach(element -> copy.add(scrubTree(element, creds, changed)));
      return copy;
    }
    return node;
  }
}
