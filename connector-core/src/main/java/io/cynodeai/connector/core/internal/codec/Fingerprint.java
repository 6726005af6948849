package io.cynodeai.connector.core.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical fingerprint of an input document: SHA-256 (hex) of its canonical JSON — object members
 * sorted by name, no whitespace, numbers compared by value ({@code 1}, {@code 1.0} and {@code 1e0} are the
 * same number). Two inputs have the same fingerprint exactly when they are the same JSON value. Thread-safe.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    canonical(node, out);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(out.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The canonical text of {@code node}. */
  static String canonicalText(JsonNode node) {
    StringBuilder out = new StringBuilder();
    canonical(node, out);
    return out.toString();
  }

  private static void canonical(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT: {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        Collections.sort(names);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          canonical(node.get(names.get(i)), out);
        }
        out.append('}');
        return;
      }
      case ARRAY: {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          canonical(node.get(i), out);
        }
        out.append(']');
        return;
      }
      case STRING:
        string(node.textValue(), out);
        return;
      case NUMBER: {
        java.math.BigDecimal value = node.decimalValue();
        out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toString());
        return;
      }
      case BOOLEAN:
        out.append(node.booleanValue());
        return;
      default:
        out.append("null");
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
