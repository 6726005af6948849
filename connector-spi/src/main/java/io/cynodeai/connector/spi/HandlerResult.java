package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a handler returns: the provider's answer as a JSON tree or as raw JSON text (the engine parses it and
 * classifies text that is not JSON as a permanent failure), the provider's status, warnings, and the
 * provider's quota reset when a successful answer used up its quota. Immutable and thread-safe.
 */
public final class HandlerResult {
  private final @Nullable JsonNode json;
  private final @Nullable String rawJson;
  private final @Nullable Integer providerStatus;
  private final List<String> warnings;
  private final @Nullable Duration quotaReset;

  private HandlerResult(@Nullable JsonNode json, @Nullable String rawJson, @Nullable Integer providerStatus,
      List<String> warnings, @Nullable Duration quotaReset) {
    this.json = json;
    this.rawJson = rawJson;
    this.providerStatus = providerStatus;
    this.warnings = List.copyOf(warnings);
    this.quotaReset = quotaReset;
  }

  /** A JSON tree answer. */
  public static HandlerResult of(JsonNode data) {
    return new HandlerResult(Objects.requireNonNull(data, "data"), null, null, List.of(), null);
  }

  /** A JSON text answer, parsed by the engine (and refused there if it is not JSON). */
  public static HandlerResult ofRawJson(String body) {
    return new HandlerResult(null, Objects.requireNonNull(body, "body"), null, List.of(), null);
  }

  public HandlerResult withProviderStatus(int status) {
    return new HandlerResult(json, rawJson, status, warnings, quotaReset);
  }

  public HandlerResult withWarning(String warning) {
    List<String> more = new java.util.ArrayList<>(warnings);
    more.add(Objects.requireNonNull(warning, "warning"));
    return new HandlerResult(json, rawJson, providerStatus, more, quotaReset);
  }

  /**
   * Reports that this successful call used up the provider's quota, which resets after {@code reset} (for
   * example a response with {@code X-RateLimit-Remaining: 0}). The caller still gets this answer; the engine
   * records the reset in the instance's provider quota state, exactly as after a 429, so further calls wait
   * for it or fail fast with {@code provider_quota_exhausted} instead of being refused by the provider.
   *
   * @throws IllegalArgumentException if {@code reset} is negative
   */
  public HandlerResult withQuotaReset(Duration reset) {
    Objects.requireNonNull(reset, "reset");
    if (reset.isNegative()) {
      throw new IllegalArgumentException("reset must not be negative");
    }
    return new HandlerResult(json, rawJson, providerStatus, warnings, reset);
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

  /** When the provider's exhausted quota resets, if the handler reported it with {@link #withQuotaReset}. */
  public @Nullable Duration quotaReset() {
    return quotaReset;
  }
}
