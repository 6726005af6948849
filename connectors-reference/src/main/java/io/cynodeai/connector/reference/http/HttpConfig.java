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
 * @param credentialHeaders headers whose values are credentials: lower-case header name to the key of the
 *     instance's credential that holds the value
 * @param bearerTokenKey the key of the instance's credential sent as {@code authorization: Bearer <it>}
 * @param timeout the per-request timeout, if configured
 */
record HttpConfig(URI baseUrl, Map<String, String> defaultHeaders, Map<String, String> credentialHeaders,
    @Nullable String bearerTokenKey, @Nullable Duration timeout) {

  HttpConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    defaultHeaders = Map.copyOf(defaultHeaders);
    credentialHeaders = Map.copyOf(credentialHeaders);
  }

  /** Whether requests carry a credential, so each call leases one. */
  boolean sendsCredentials() {
    return bearerTokenKey != null || !credentialHeaders.isEmpty();
  }

  /** Reads a validated configuration. */
  static HttpConfig from(JsonNode config) {
    JsonNode timeoutMs = config.get("timeoutMs");
    JsonNode bearer = config.get("bearerTokenKey");
    return new HttpConfig(URI.create(config.path("baseUrl").asText()), strings(config.path("defaultHeaders")),
        strings(config.path("credentialHeaders")), bearer == null ? null : bearer.asText(),
        timeoutMs == null ? null : Duration.ofMillis(timeoutMs.asLong()));
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
