package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An instance's configuration, read from the JSON the engine validated against {@code config.schema.json}.
 *
 * @param apiUrl the API's base URL, {@link #DEFAULT_API_URL} unless configured (a proxy or a test peer)
 * @param timeout the per-request timeout, if configured
 */
record DiscordConfig(URI apiUrl, @Nullable Duration timeout) {
  /** Discord's REST API, version 10. */
  static final String DEFAULT_API_URL = "https://discord.com/api/v10";

  DiscordConfig {
    Objects.requireNonNull(apiUrl, "apiUrl");
  }

  /** Reads a validated configuration. */
  static DiscordConfig from(JsonNode config) {
    JsonNode timeoutMs = config.get("timeoutMs");
    return new DiscordConfig(URI.create(config.path("apiUrl").asText(DEFAULT_API_URL)),
        timeoutMs == null ? null : Duration.ofMillis(timeoutMs.asLong()));
  }

  /** The URI of an API path ({@code /channels/1/messages}) with an already encoded query, or none. */
  URI api(String path, @Nullable String query) {
    String base = apiUrl.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
  }
}
