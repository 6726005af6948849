package io.cynodeai.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * The canonical envelope every connector response is normalized into (§16). Serialized with Jackson it has
 * the spec's field names: {@code metadata, data, warnings, redactions_applied, truncated}.
 *
 * @param metadata where the response came from
 * @param data the provider's answer, schema-validated, redacted and size-capped
 * @param warnings notes for the caller (what was truncated, for example)
 * @param redactionsApplied JSON Pointers into {@code data} whose values were redacted
 * @param truncated whether {@code data} was cut to fit a size cap
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NormalizedResponse(
    ResponseMetadata metadata,
    JsonNode data,
    List<String> warnings,
    List<String> redactionsApplied,
    boolean truncated) {

  public NormalizedResponse {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(data, "data");
    warnings = List.copyOf(warnings);
    redactionsApplied = List.copyOf(redactionsApplied);
  }
}
