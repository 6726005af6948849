package io.cynodeai.connector.core.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.core.InvalidConnectorTypeException;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.normalize.Redactor;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.core.internal.schema.SchemaCompiler;
import io.cynodeai.connector.spi.BackoffStrategy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.spi.SemanticVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a connector type descriptor against the rules of §2.1.1, §2.3, §3 and §5.2, collecting every problem
 * (each naming its field) before refusing, and compiles what a valid type needs. Thread-safe.
 */
public final class ConnectorTypeValidator {
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern OPERATION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

  private final EngineSettings settings;

  public ConnectorTypeValidator(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * Validates and compiles {@code type}.
   *
   * @throws InvalidConnectorTypeException listing every problem, naming the type, version and field
   */
  public RegisteredType validate(ConnectorType type) {
    List<String> problems = new ArrayList<>();
    if (!TYPE_NAME.matcher(type.name()).matches()) {
      problems.add("connector_type: '" + type.name() + "' must match " + TYPE_NAME.pattern());
    }
    SemanticVersion version = null;
    if (SemanticVersion.isValid(type.version())) {
      version = SemanticVersion.parse(type.version());
    } else {
      problems.add("connector_type_version: '" + type.version() + "' is not a semantic version (major.minor.patch)");
    }
    if (type.operationSchemaVersion().isBlank()) {
      problems.add("operation_schema_version: must not be blank");
    }
    if (type.configSchemaVersion().isBlank()) {
      problems.add("config_schema_version: must not be blank");
    }
    CompiledSchema config = compile(type.configSchema(), "config_schema", problems);
    if (type.operations().isEmpty()) {
      problems.add("operations: a connector type declares at least one operation");
    }
    Map<String, CompiledOperation> operations = new LinkedHashMap<>();
    for (OperationDescriptor op : type.operations()) {
      if (operations.containsKey(op.name())) {
        problems.add("operations." + op.name() + ": duplicate operation name");
        continue;
      }
      CompiledOperation compiled = validateOperation(op, problems);
      if (compiled != null) {
        operations.put(op.name(), compiled);
      }
    }
    if (!problems.isEmpty() || version == null || config == null) {
      throw new InvalidConnectorTypeException(type.coordinates(), problems);
    }
    return new RegisteredType(type, version, config, operations);
  }

  private @Nullable CompiledOperation validateOperation(OperationDescriptor op, List<String> problems) {
    String at = "operations." + op.name();
    int before = problems.size();
    if (!OPERATION_NAME.matcher(op.name()).matches()) {
      problems.add(at + ".name: must match " + OPERATION_NAME.pattern());
    }
    if (op.modes().isEmpty()) {
      problems.add(at + ".modes: declare at least one execution mode (sync, async)");
    }
    Duration timeout = op.maxTimeout();
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add(at + ".max_timeout_ms: must be positive");
    } else if (op.modes().contains(ExecutionMode.SYNC) && timeout.compareTo(settings.syncTimeoutCap()) > 0) {
      problems.add(at + ".max_timeout_ms: " + timeout.toMillis() + " exceeds the engine's sync cap of "
          + settings.syncTimeoutCap().toMillis() + " ms; a long-running operation must be async-only");
    }
    if (op.mutating() && !op.supportsIdempotency()) {
      problems.add(at + ".supports_idempotency: a mutating operation must support idempotency (§2.3): declare "
          + "supportsIdempotency(true) so callers can repeat it safely with an idempotency key");
    }
    validateRetry(op.retryPolicy(), at + ".retry_policy", problems);
    if (op.maxRequestBytes() <= 0 || op.maxRequestBytes() > MAX_PAYLOAD_BYTES) {
      problems.add(at + ".max_request_bytes: must be in 1.." + MAX_PAYLOAD_BYTES);
    }
    if (op.maxResponseBytes() <= 0 || op.maxResponseBytes() > MAX_PAYLOAD_BYTES) {
      problems.add(at + ".max_response_bytes: must be in 1.." + MAX_PAYLOAD_BYTES);
    }
    Redactor redactor = null;
    try {
      redactor = Redactor.of(op.redactions());
    } catch (IllegalArgumentException e) {
      problems.add(at + ".redactions: " + e.getMessage());
    }
    if (op.handler() == null) {
      problems.add(at + ".handler: missing");
    }
    CompiledSchema request = compile(op.requestSchema(), at + ".request_schema", problems);
    CompiledSchema response = compile(op.responseSchema(), at + ".response_schema", problems);
    validateExamples(op, at, request, response, problems);
    if (problems.size() > before || request == null || response == null || redactor == null
        || op.handler() == null) {
      return null;
    }
    Duration effective = timeout.compareTo(settings.syncTimeoutCap()) > 0 && !op.modes().contains(ExecutionMode.SYNC)
        ? timeout : min(timeout, settings.syncTimeoutCap());
    return new CompiledOperation(op, op.handler(), request, response, redactor, effective,
        Math.min(op.maxResponseBytes(), settings.maxResponseBytes()),
        Math.min(op.retryPolicy().maxRetries(), settings.maxRetriesPerCall()));
  }

  private static void validateRetry(RetryPolicy retry, String at, List<String> problems) {
    if (retry.maxRetries() < 0) {
      problems.add(at + ".max_retries: must be >= 0");
    }
    if (retry.maxRetries() > 0 && retry.backoff() != BackoffStrategy.EXPONENTIAL) {
      problems.add(at + ".backoff: must be exponential (got " + retry.backoff().name().toLowerCase() + ")");
    }
    if (retry.initialDelay().isNegative() || retry.initialDelay().isZero()) {
      problems.add(at + ".initial_delay: must be positive");
    }
    if (retry.maxDelay().compareTo(retry.initialDelay()) < 0) {
      problems.add(at + ".max_delay: must be >= initial_delay");
    }
    if (!(retry.jitterFactor() >= 0 && retry.jitterFactor() < 1)) {
      problems.add(at + ".jitter: must be in [0, 1)");
    }
    for (int code : retry.retryableStatusCodes()) {
      if (!isTransientStatus(code)) {
        problems.add(at + ".retryable_status_codes: " + code + " is not a transient status (408, 425, 429, 5xx)");
      }
    }
  }

  private static boolean isTransientStatus(int code) {
    return code == 408 || code == 425 || code == 429 || (code >= 500 && code <= 599);
  }

  private static void validateExamples(OperationDescriptor op, String at, @Nullable CompiledSchema request,
      @Nullable CompiledSchema response, List<String> problems) {
    Set<String> names = new HashSet<>();
    for (OperationExample example : op.examples()) {
      String where = at + ".examples." + example.name();
      if (!names.add(example.name())) {
        problems.add(where + ": duplicate example name");
      }
      if (request != null) {
        request.validate(example.request(), true)
            .forEach(v -> problems.add(where + ".request" + v.pointer() + ": " + v.message()));
      }
      if (response != null) {
        response.validate(example.response(), true)
            .forEach(v -> problems.add(where + ".response" + v.pointer() + ": " + v.message()));
      }
    }
  }

  private static @Nullable CompiledSchema compile(@Nullable JsonNode schema, String field, List<String> problems) {
    if (schema == null) {
      problems.add(field + ": missing");
      return null;
    }
    try {
      return SchemaCompiler.compile(schema);
    } catch (SchemaCompiler.InvalidSchemaException e) {
      problems.add(field + ": not a valid JSON Schema: " + e.getMessage());
      return null;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
