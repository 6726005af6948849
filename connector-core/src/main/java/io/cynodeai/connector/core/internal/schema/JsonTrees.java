package io.cynodeai.connector.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Converts Jackson trees to org.json trees directly (never through text: Jackson parses several times
 * faster than org.json) and measures their compact UTF-8 size without building a byte array. Thread-safe.
 */
public final class JsonTrees {
  /** The engine's shared mapper. Thread-safe once configured. */
  public static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

  private JsonTrees() {}

  /** The org.json value equal to {@code node}. */
  public static Object toOrgJson(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT: {
        JSONObject object = new JSONObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          object.put(e.getKey(), toOrgJson(e.getValue()));
        }
        return object;
      }
      case ARRAY: {
        JSONArray array = new JSONArray();
        for (JsonNode item : node) {
          array.put(toOrgJson(item));
        }
        return array;
      }
      case STRING:
        return node.textValue();
      case NUMBER:
        return node.numberValue();
      case BOOLEAN:
        return node.booleanValue();
      case NULL:
        return JSONObject.NULL;
      default:
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  /** Whether the tree holds only JSON values (no POJOs, binary or missing nodes). */
  public static boolean isPlainJson(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
      case ARRAY:
        for (JsonNode child : node) {
          if (!isPlainJson(child)) {
            return false;
          }
        }
        return true;
      case STRING:
      case NUMBER:
      case BOOLEAN:
      case NULL:
        return true;
      default:
        return false;
    }
  }

  /**
   * An upper bound of {@link #sizeOf}, or -1 if the tree is not plain JSON ({@link #isPlainJson}): one walk
   * that does the plain-JSON check the pipeline makes anyway, so that a document well within its size cap is
   * never serialized just to be measured. Exact for structure, booleans and null; a string counts each char
   * at its worst UTF-8 or escaped length (6 for a control char, 2 for a quote or backslash, 3 above U+07FF); a
   * number counts at most the length of its longest rendering.
   */
  public static long plainSizeBound(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT: {
        long size = 2 + Math.max(0, node.size() - 1); // braces, commas
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          long value = plainSizeBound(e.getValue());
          if (value < 0) {
            return -1;
          }
          size += stringBound(e.getKey()) + 1 + value; // name, colon, value
        }
        return size;
      }
      case ARRAY: {
        long size = 2 + Math.max(0, node.size() - 1);
        for (JsonNode child : node) {
          long value = plainSizeBound(child);
          if (value < 0) {
            return -1;
          }
          size += value;
        }
        return size;
      }
      case STRING:
        return stringBound(node.textValue());
      case NUMBER:
        return numberBound(node);
      case BOOLEAN:
        return node.booleanValue() ? 4 : 5;
      case NULL:
        return 4;
      default:
        return -1;
    }
  }

  private static long stringBound(String text) {
    long size = 2;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        size += 6;
      } else if (c == '"' || c == '\\') {
        size += 2;
      } else if (c < 0x80) {
        size += 1;
      } else if (c < 0x800) {
        size += 2;
      } else {
        size += 3; // a surrogate pair is 4 bytes for 2 chars, an escaped lone one 6 for 1
        if (Character.isSurrogate(c)) {
          size += 3;
        }
      }
    }
    return size;
  }

  private static long numberBound(JsonNode node) {
    if (node.isInt() || node.isLong() || node.isShort()) {
      return 20; // "-9223372036854775808"
    }
    if (node.isDouble() || node.isFloat()) {
      return 26; // the longest Double.toString rendering, with room to spare
    }
    if (node.isBigDecimal()) {
      java.math.BigDecimal value = node.decimalValue();
      return Math.max(value.toString().length(), value.toPlainString().length());
    }
    return node.numberValue().toString().length() + 1; // BigInteger
  }

  /** The number of bytes of the compact UTF-8 serialization of {@code node}. */
  public static long sizeOf(JsonNode node) {
    CountingStream counter = new CountingStream();
    try {
      MAPPER.writeValue(counter, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counter.count;
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
