package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a handler returns: the provider's answer as a JSON tree or as raw JSON text (the engine parses it and
 * classifies text that is not JSON as a permanent failure), the provider's status, and warnings.
 */
public final class HandlerResult {
  private final @Nullable JsonNode json;
  private final @Nullable String rawJson;
  private final @Nullable Integer providerStatus;
  private final List<String> warnings;

  private HandlerResult(
      @Nullable JsonNode json, @Nullable String rawJson, @Nullable Integer providerStatus, List<String> warnings) {
    this.json = json;
    this.rawJson = rawJson;
    this.providerStatus = providerStatus;
    this.warnings = List.copyOf(warnings);
  }

  /** A JSON tree answer. */
  public static HandlerResult of(JsonNode data) {
    return new HandlerResult(Objects.requireNonNull(data, "data"), null, null, List.of());
  }

  /** A JSON text answer, parsed by the engine (and refused there if it is not JSON). */
  public static HandlerResult ofRawJson(String body) {
    return new HandlerResult(null, Objects.requireNonNull(body, "body"), null, List.of());
  }

  public HandlerResult withProviderStatus(int status) {
    return new HandlerResult(json, rawJson, status, warnings);
  }

  public HandlerResult withWarning(String warning) {
    List<String> more = new java.util.ArrayList<>(warnings);
    more.add(Objects.requireNonNull(warning, "warning"));
    return new HandlerResult(json, rawJson, providerStatus, more);
  }

  /** The tree, if the handler gave one. */
  public @Nullable JsonNode json() {
    return json;
  }

  /** The raw text, if the handler gave text. */
  public @Nullable String rawJson() {
    return rawJson;
  }

  public @Nullable Integer providerStatus() {
    return providerStatus;
  }

  public List<String> warnings() {
    return warnings;
  }
}
