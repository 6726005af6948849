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
