package io.cynodeai.connector.reference.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP call a caller asked for, read from an operation input that the engine validated against the
 * operation's request schema.
 *
 * @param method the HTTP method
 * @param path the path below the base URL, starting with {@code /}
 * @param query query parameters, not yet encoded
 * @param headers request headers, lower-case names
 * @param body the JSON body, or null to send none
 */
record HttpCall(String method, String path, Map<String, String> query, Map<String, String> headers,
    @Nullable JsonNode body) {

  HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = copy(query);
    headers = copy(headers);
  }

  /** The call a {@code get} input describes. */
  static HttpCall get(JsonNode input) {
    return new HttpCall("GET", input.path("path").asText(), strings(input.path("query")),
        strings(input.path("headers")), null);
  }

  /** The call a {@code send} input describes; a JSON {@code null} body is sent as {@code null}. */
  static HttpCall send(JsonNode input) {
    return new HttpCall(input.path("method").asText(), input.path("path").asText(), strings(input.path("query")),
        strings(input.path("headers")), input.get("body"));
  }

  /** How messages name the call: method and path, never the query (it may carry tokens). */
  String describe() {
    return method + " " + path;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** An unmodifiable copy that keeps the caller's order (query parameters are sent in it). */
  private static Map<String, String> copy(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
