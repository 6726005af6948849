package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Declares one operation of a connector type (§2.1.1, §3.3): its execution modes, timeout cap,
 * idempotency support, whether it mutates, retry policy, request and response schemas, payload caps,
 * redaction rules, examples and handler. Immutable; build with {@link #builder(String)}. The engine validates
 * the whole descriptor when it registers the type.
 */
public final class OperationDescriptor {
  /** The default cap on request and response documents: 256 KiB. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

  private final String name;
  private final String description;
  private final Set<ExecutionMode> modes;
  private final Duration maxTimeout;
  private final boolean supportsIdempotency;
  private final boolean mutating;
  private final RetryPolicy retryPolicy;
  private final @Nullable JsonNode requestSchema;
  private final @Nullable JsonNode responseSchema;
  private final int maxRequestBytes;
  private final int maxResponseBytes;
  private final List<RedactionRule> redactions;
  private final List<OperationExample> examples;
  private final @Nullable OperationHandler handler;
  private final boolean interruptible;

  private OperationDescriptor(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.modes = b.modes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.modes));
    this.maxTimeout = b.maxTimeout;
    this.supportsIdempotency = b.supportsIdempotency;
    this.mutating = b.mutating;
    this.retryPolicy = b.retryPolicy;
    this.requestSchema = b.requestSchema == null ? null : b.requestSchema.deepCopy();
    this.responseSchema = b.responseSchema == null ? null : b.responseSchema.deepCopy();
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxResponseBytes = b.maxResponseBytes;
    this.redactions = List.copyOf(b.redactions);
    this.examples = List.copyOf(b.examples);
    this.handler = b.handler;
    this.interruptible = b.interruptible;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding every field of this operation, to declare a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.description = description;
    b.modes.addAll(modes);
    b.maxTimeout = maxTimeout;
    b.supportsIdempotency = supportsIdempotency;
    b.mutating = mutating;
    b.retryPolicy = retryPolicy;
    b.requestSchema = requestSchema;
    b.responseSchema = responseSchema;
    b.maxRequestBytes = maxRequestBytes;
    b.maxResponseBytes = maxResponseBytes;
    b.redactions.addAll(redactions);
    b.examples.addAll(examples);
    b.handler = handler;
    b.interruptible = interruptible;
    return b;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The execution modes the operation supports (§2.1). */
  public Set<ExecutionMode> modes() {
    return modes;
  }

  /** The longest the operation may run (§2.1.1 {@code max_timeout_ms}). */
  public Duration maxTimeout() {
    return maxTimeout;
  }

  /**
   * Whether the operation declares idempotency support (§2.1.1 {@code supports_idempotency}): a mutating
   * operation must, and then a synchronous call without an idempotency key is refused. The engine's replay
   * protection does not depend on it: any call that carries a key is deduplicated by the engine (a repeat with
   * the same key and input gets the first call's outcome), whatever this says, so a key is never silently
   * ignored. The connector may pass {@code OperationContext.idempotencyKey()} on to its provider.
   */
  public boolean supportsIdempotency() {
    return supportsIdempotency;
  }

  /** Whether the operation changes state at the provider. */
  public boolean mutating() {
    return mutating;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The request JSON Schema; null only in a descriptor the engine will refuse. */
  public @Nullable JsonNode requestSchema() {
    return requestSchema;
  }

  /** The response JSON Schema; null only in a descriptor the engine will refuse. */
  public @Nullable JsonNode responseSchema() {
    return responseSchema;
  }

  /** The largest accepted request document, in bytes of compact UTF-8 JSON. */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  /** The largest response document returned before truncation, in bytes of compact UTF-8 JSON. */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  public List<RedactionRule> redactions() {
    return redactions;
  }

  public List<OperationExample> examples() {
    return examples;
  }

  /** The handler; null only in a descriptor the engine will refuse. */
  public @Nullable OperationHandler handler() {
    return handler;
  }

  /**
   * Whether the handler honours interruption: when interrupted it returns or throws promptly (within
   * milliseconds), whatever it is blocked on. Such an operation's synchronous calls run on the caller's
   * thread, without a hand-off to a handler thread; a shared watchdog interrupts the handler at the timeout
   * cap and the caller gets the {@code timeout} failure as soon as the handler gives up. A handler that is
   * interrupted and still runs on past the cap is flagged (a warning and the {@code watchdog} detail on the
   * call's audit event) and, from then on, that operation runs on an isolated handler thread. The call that
   * overran cannot be answered before its handler returns: its caller's thread is the handler's thread.
   *
   * <p>Default false: the engine cannot tell whether a handler stops when interrupted (a busy loop, a blocking
   * driver or a lock does not), and only the isolated handler thread lets it answer every call at the cap
   * whatever the handler does. Declare it true for handlers whose blocking is interruptible, such as calls
   * through {@link OperationContext#network()}, {@link Thread#sleep} or {@link java.util.concurrent} waits.
   * Retries, timeouts, the circuit breaker, idempotency and credential scope behave the same either way.
   */
  public boolean interruptible() {
    return interruptible;
  }

  @Override
  public String toString() {
    return "Operation[" + name + "]";
  }

  /** Collects an operation's declaration. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private final Set<ExecutionMode> modes = EnumSet.noneOf(ExecutionMode.class);
    private Duration maxTimeout = Duration.ofSeconds(10);
    private boolean supportsIdempotency;
    private boolean mutating;
    private RetryPolicy retryPolicy = RetryPolicy.none();
    private @Nullable JsonNode requestSchema;
    private @Nullable JsonNode responseSchema;
    private int maxRequestBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private int maxResponseBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private final List<RedactionRule> redactions = new ArrayList<>();
    private final List<OperationExample> examples = new ArrayList<>();
    private @Nullable OperationHandler handler;
    private boolean interruptible;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder description(String value) {
      this.description = Objects.requireNonNull(value, "description");
      return this;
    }

    /** The execution modes supported; at least one is required. */
    public Builder modes(ExecutionMode first, ExecutionMode... more) {
      modes.clear();
      modes.add(Objects.requireNonNull(first, "first"));
      modes.addAll(List.of(more));
      return this;
    }

    /** The timeout cap, {@code max_timeout_ms}. Default 10 s. */
    public Builder maxTimeout(Duration value) {
      this.maxTimeout = Objects.requireNonNull(value, "maxTimeout");
      return this;
    }

    /** Declares idempotency support; see {@link OperationDescriptor#supportsIdempotency()}. Default false. */
    public Builder supportsIdempotency(boolean value) {
      this.supportsIdempotency = value;
      return this;
    }

    public Builder mutating(boolean value) {
      this.mutating = value;
      return this;
    }

    /** The retry policy. Default: no retries. */
    public Builder retry(RetryPolicy value) {
      this.retryPolicy = Objects.requireNonNull(value, "retry");
      return this;
    }

    /**
     * The JSON Schema (draft 7, no remote references) every input is validated against before the handler
     * runs. {@code default} values are documentation only: the engine does not fill them in, so the handler
     * sees exactly what the caller sent and reads a missing field with its default itself.
     */
    public Builder requestSchema(JsonNode schema) {
      this.requestSchema = Objects.requireNonNull(schema, "requestSchema");
      return this;
    }

    /**
     * The JSON Schema every handler result is validated against before redaction; a result that breaks it
     * fails the call ({@code response_schema_violation}) and is never passed on. {@code default}s are not
     * applied.
     */
    public Builder responseSchema(JsonNode schema) {
      this.responseSchema = Objects.requireNonNull(schema, "responseSchema");
      return this;
    }

    public Builder maxRequestBytes(int value) {
      this.maxRequestBytes = value;
      return this;
    }

    public Builder maxResponseBytes(int value) {
      this.maxResponseBytes = value;
      return this;
    }

    /** Adds a redaction rule (a pointer pattern with {@code *} wildcards). */
    public Builder redact(String pointerPattern) {
      redactions.add(RedactionRule.of(pointerPattern));
      return this;
    }

    public Builder example(String exampleName, JsonNode request, JsonNode response) {
      examples.add(new OperationExample(exampleName, request, response));
      return this;
    }

    /**
     * Adds every example of a JSON array of {@code {"name", "request", "response"}} objects, the shape of an
     * {@code <operation>.examples.json} resource loaded with {@link JsonResources#load}.
     *
     * @throws IllegalArgumentException if {@code array} is not an array of such objects
     */
    public Builder examples(JsonNode array) {
      if (!array.isArray()) {
        throw new IllegalArgumentException("examples must be a JSON array");
      }
      for (JsonNode example : array) {
        if (!example.path("name").isTextual() || !example.has("request") || !example.has("response")) {
          throw new IllegalArgumentException("every example needs a name, a request and a response");
        }
        example(example.get("name").asText(), example.get("request"), example.get("response"));
      }
      return this;
    }

    public Builder handler(OperationHandler value) {
      this.handler = Objects.requireNonNull(value, "handler");
      return this;
    }

    /**
     * Declares that the handler honours interruption, so synchronous calls may run it on the caller's thread;
     * see {@link OperationDescriptor#interruptible()}. Default false.
     */
    public Builder interruptible(boolean value) {
      this.interruptible = value;
      return this;
    }

    public OperationDescriptor build() {
      return new OperationDescriptor(this);
    }
  }
}
