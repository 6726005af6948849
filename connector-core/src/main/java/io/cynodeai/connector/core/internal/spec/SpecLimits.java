package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.spec.LimitsSpec;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps a spec's {@code limits} onto an instance (§6, §14): the rate limit, and the concurrency limits
 * {@code maxParallelInvocations}, {@code queueDepth} and {@code backpressure}, each unset one taken from
 * {@link ConcurrencyLimits#defaults()}. The queue wait is not a spec field: an instance keeps its own (new
 * instances get the default). Also lays an instance's actual concurrency limits over an observed spec
 * document where they differ from what the stored spec asks, so drift shows in diffs. Stateless.
 */
final class SpecLimits {
  private static final String MAX_PARALLEL = "maxParallelInvocations";
  private static final String QUEUE_DEPTH = "queueDepth";
  private static final String BACKPRESSURE = "backpressure";

  private SpecLimits() {}

  /** The concurrency limits {@code limits} asks for, keeping {@code current}'s queue wait. */
  static ConcurrencyLimits concurrency(@Nullable LimitsSpec limits, ConcurrencyLimits current) {
    ConcurrencyLimits d = ConcurrencyLimits.defaults();
    if (limits == null) {
      return new ConcurrencyLimits(d.maxParallelInvocations(), d.queueDepth(), d.backpressure(),
          current.maxQueueWait());
    }
    return new ConcurrencyLimits(
        limits.maxParallelInvocations() != null ? limits.maxParallelInvocations() : d.maxParallelInvocations(),
        limits.queueDepth() != null ? limits.queueDepth() : d.queueDepth(),
        limits.backpressure() != null ? backpressure(limits.backpressure()) : d.backpressure(),
        current.maxQueueWait());
  }

  /** {@code now} with the rate and concurrency limits {@code limits} asks for. */
  static ConnectorInstance applied(ConnectorInstance now, @Nullable LimitsSpec limits, Instant at) {
    RateLimitPolicy rate = SpecApplier.rateLimit(limits);
    ConcurrencyLimits concurrency = concurrency(limits, now.concurrencyLimits());
    ConnectorInstance out = now;
    if (!out.rateLimitPolicy().equals(rate)) {
      out = out.withRateLimitPolicy(rate, at);
    }
    if (!out.concurrencyLimits().equals(concurrency)) {
      out = out.withConcurrencyLimits(concurrency, at);
    }
    return out;
  }

  /** The audited verb for the change from {@code before} to {@code after}, or null when the limits match. */
  static @Nullable String verb(ConnectorInstance before, ConnectorInstance after) {
    boolean rate = !before.rateLimitPolicy().equals(after.rateLimitPolicy());
    boolean concurrency = !before.concurrencyLimits().equals(after.concurrencyLimits());
    if (rate && concurrency) {
      return "update_limits";
    }
    return rate ? "update_rate_limit" : concurrency ? "update_concurrency_limits" : null;
  }

  /**
   * Writes into {@code spec} (an observed document's {@code spec} object) each of the instance's actual
   * concurrency limits that differs from what the document asks (unset fields meaning the defaults).
   */
  static void observe(ObjectNode spec, ConcurrencyLimits actual) {
    JsonNode asked = spec.path("limits");
    ConcurrencyLimits d = ConcurrencyLimits.defaults();
    int maxParallel = asked.path(MAX_PARALLEL).asInt(d.maxParallelInvocations());
    int queueDepth = asked.path(QUEUE_DEPTH).asInt(d.queueDepth());
    String backpressure = asked.path(BACKPRESSURE).asText(d.backpressure().wireName());
    if (maxParallel != actual.maxParallelInvocations()) {
      limits(spec).put(MAX_PARALLEL, actual.maxParallelInvocations());
    }
    if (queueDepth != actual.queueDepth()) {
      limits(spec).put(QUEUE_DEPTH, actual.queueDepth());
    }
    if (!backpressure.equals(actual.backpressure().wireName())) {
      limits(spec).put(BACKPRESSURE, actual.backpressure().wireName());
    }
  }

  private static ObjectNode limits(ObjectNode spec) {
    return spec.get("limits") instanceof ObjectNode o ? o : spec.putObject("limits");
  }

  private static ConcurrencyLimits.Backpressure backpressure(String wireName) {
    return ConcurrencyLimits.Backpressure.valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
