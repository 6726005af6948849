package io.cynodeai.connector.reference.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An instance's configuration, read from the JSON the engine validated against {@code config.schema.json}.
 *
 * @param baseUrl the API's base URL (http or https, no user info, query or fragment)
 * @param defaultHeaders non-secret headers sent with every request, lower-case names
 * @param timeout the per-request timeout, if configured
 */
record HttpConfig(URI baseUrl, Map<String, String> defaultHeaders, @Nullable Duration timeout) {

  HttpConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    defaultHeaders = Map.copyOf(defaultHeaders);
  }

  /** Reads a validated configuration. */
  static HttpConfig from(JsonNode config) {
    Map<String, String> headers = new LinkedHashMap<>();
    config.path("defaultHeaders").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    JsonNode timeoutMs = config.get("timeoutMs");
    return new HttpConfig(URI.create(config.path("baseUrl").asText()), headers,
        timeoutMs == null ? null : Duration.ofMillis(timeoutMs.asLong()));
  }
}
