package io.cynodeai.connector.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds URLs with a password in their user info ({@code https://user:PASSWORD@host}) among a configuration's
 * strings. Configurations are stored and shown in plain text, so such a URL is refused whatever the connector
 * type's schema says, and the refusal names where it is and why, never the URL. Stateless; thread-safe.
 */
public final class UrlPasswords {
  /** {@code scheme://user:password@...}: a colon in the authority before an {@code @}. */
  private static final Pattern URL_WITH_PASSWORD =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s]*:[^/?#@\\s]*@");
  /** The message of every such violation. */
  public static final String MESSAGE = "is a URL with a password in its user info, which would be stored in plain"
      + " text: remove the user info and give the credential to the instance's credentials instead";

  private UrlPasswords() {}

  /** One violation per string of {@code config} that holds a URL with a password, located by JSON Pointer. */
  public static List<Violation> find(JsonNode config) {
    List<Violation> out = new ArrayList<>();
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(Map.entry("", config));
    while (!pending.isEmpty()) { // iterative: a config nests as deep as its sender likes
      Map.Entry<String, JsonNode> at = pending.pop();
      JsonNode node = at.getValue();
      if (node.isTextual() && URL_WITH_PASSWORD.matcher(node.textValue()).find()) {
        out.add(new Violation(at.getKey(), MESSAGE));
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          pending.push(Map.entry(at.getKey() + "/" + escape(e.getKey()), e.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.push(Map.entry(at.getKey() + "/" + i, node.get(i)));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Violation::pointer));
    return out;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
