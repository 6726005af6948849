package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An instance's configuration, read from the JSON the engine validated against {@code config.schema.json}.
 *
 * @param serverUrl the Mattermost server's URL ({@code https://chat.example.com}); {@code /api/v4} is appended
 * @param timeout the per-request timeout, if configured
 */
record MattermostConfig(URI serverUrl, @Nullable Duration timeout) {

  MattermostConfig {
    Objects.requireNonNull(serverUrl, "serverUrl");
  }

  /** Reads a validated configuration. */
  static MattermostConfig from(JsonNode config) {
    JsonNode timeoutMs = config.get("timeoutMs");
    return new MattermostConfig(URI.create(config.path("serverUrl").asText()),
        timeoutMs == null ? null : Duration.ofMillis(timeoutMs.asLong()));
  }

  /** The URI of an API v4 path ({@code /posts}) with an already encoded query, or none. */
  URI api(String path, @Nullable String query) {
    String base = serverUrl.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return URI.create(base + "/api/v4" + path + (query == null || query.isEmpty() ? "" : "?" + query));
  }
}
