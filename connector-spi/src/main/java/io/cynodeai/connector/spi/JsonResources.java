package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads JSON documents (schemas, examples) that a connector ships as class-path resources. */
public final class JsonResources {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonResources() {}

  /**
   * Reads a JSON resource relative to {@code anchor}'s package (or absolute with a leading {@code /}).
   *
   * @throws IllegalArgumentException if the resource is missing
   * @throws java.io.UncheckedIOException if it cannot be read or is not JSON
   */
  public static JsonNode load(Class<?> anchor, String path) {
    try (InputStream in = anchor.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("resource '" + path + "' not found next to " + anchor.getName());
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("resource '" + path + "' is not valid JSON", e);
    }
  }

  /** Parses JSON text, for schemas written inline. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }
}
