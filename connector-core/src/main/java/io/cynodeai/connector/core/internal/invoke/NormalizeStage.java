package io.cynodeai.connector.core.internal.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.normalize.Redactor;
import io.cynodeai.connector.core.internal.normalize.Truncator;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import io.cynodeai.connector.spi.HandlerResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Turns a handler's answer into the §16 envelope: parse, validate against the response schema (a response
 * that breaks it is a failure, never passed on), redact, and truncate to the operation's and the engine's
 * size caps. Validation runs on the full response, before redaction replaces values with markers.
 */
final class NormalizeStage implements Stage {
  private static final ObjectReader STRICT = ResultScrubber.STRICT;
  private final Clock clock;

  NormalizeStage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    CompiledOperation op = inv.operation();
    HandlerResult result = inv.result;
    if (result == null) {
      return Failed.of(FailureClass.PERMANENT, "handler_returned_null", "the connector returned no result");
    }
    JsonNode data;
    try {
      data = result.json() != null ? result.json() : STRICT.readTree(result.rawJson());
    } catch (JsonProcessingException e) {
      return Failed.of(FailureClass.PERMANENT, "response_not_json", "the provider's response is not JSON");
    }
    long bound = data == null || data.isMissingNode() ? -1 : JsonTrees.plainSizeBound(data);
    if (bound < 0) {
      return Failed.of(FailureClass.PERMANENT, "response_not_json", "the provider's response is not JSON");
    }
    List<Violation> violations = op.responseSchema().validate(data, false);
    if (!violations.isEmpty()) {
      return new Failed(FailureClass.PERMANENT, "response_schema_violation", "the provider's response does not "
          + "match the response schema of '" + op.name() + "': " + violations.get(0), false,
          inv.providerStatus, null, violations);
    }
    Redactor.Redacted redacted = op.redactor().apply(data);
    // redaction may lengthen values, so the walk's bound holds only for a tree it left alone
    Truncator.Truncated truncated = Truncator.truncate(redacted.data(), op.responseCap(),
        redacted.data() == data ? bound : -1);
    List<String> warnings = result.warnings();
    if (inv.catalogWarning != null) {
      warnings = new ArrayList<>(warnings);
      warnings.add(inv.catalogWarning);
    }
    if (truncated.truncated()) {
      warnings = new ArrayList<>(warnings);
      warnings.add("data truncated to " + truncated.size() + " bytes to fit the response cap of "
          + op.responseCap() + " bytes");
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inv.startNanos);
    ResponseMetadata metadata = new ResponseMetadata(inv.request.requestId(), inv.request.correlationId(),
        inv.instance().id(), inv.instance().connectorType(), inv.instance().connectorTypeVersion(), op.name(),
        inv.request.mode(), inv.providerStatus, inv.retryCount(), durationMs, clock.instant());
    inv.response = new NormalizedResponse(metadata, truncated.data(), warnings, redacted.pointers(),
        truncated.truncated());
    return null;
  }
}
