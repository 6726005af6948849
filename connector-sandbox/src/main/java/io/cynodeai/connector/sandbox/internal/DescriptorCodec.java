package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.BackoffStrategy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A connector type's declarations as JSON: the child writes them, the parent reads them back with its own
 * handlers, so the parent never runs the connector's code. Carries the type's name, version, description, config
 * schema and operations (schemas, modes, limits, retry policy, redactions, examples); health checks, polling,
 * webhooks and interactive authorization are not carried (a sandboxed type has none). Stateless.
 */
final class DescriptorCodec {
  private DescriptorCodec() {}

  static ObjectNode write(ConnectorType type) {
    ObjectNode out = Messages.MAPPER.createObjectNode();
    out.put("name", type.name());
    out.put("version", type.version());
    out.put("description", type.description());
    out.put("operationSchemaVersion", type.operationSchemaVersion());
    out.put("configSchemaVersion", type.configSchemaVersion());
    if (type.configSchema() != null) {
      out.set("configSchema", type.configSchema());
    }
    ArrayNode ops = out.putArray("operations");
    for (OperationDescriptor op : type.operations()) {
      ObjectNode o = ops.addObject();
      o.put("name", op.name());
      o.put("description", op.description());
      ArrayNode modes = o.putArray("modes");
      op.modes().stream().map(Enum::name).sorted().forEach(modes::add);
      o.put("maxTimeoutMillis", op.maxTimeout().toMillis());
      o.put("supportsIdempotency", op.supportsIdempotency());
      o.put("mutating", op.mutating());
      if (op.requestSchema() != null) {
        o.set("requestSchema", op.requestSchema());
      }
      if (op.responseSchema() != null) {
        o.set("responseSchema", op.responseSchema());
      }
      o.put("maxRequestBytes", op.maxRequestBytes());
      o.put("maxResponseBytes", op.maxResponseBytes());
      RetryPolicy r = op.retryPolicy();
      ObjectNode retry = o.putObject("retry");
      retry.put("maxRetries", r.maxRetries());
      retry.put("backoff", r.backoff().name());
      retry.put("initialDelayMillis", r.initialDelay().toMillis());
      retry.put("maxDelayMillis", r.maxDelay().toMillis());
      retry.put("jitterFactor", r.jitterFactor());
      ArrayNode statuses = retry.putArray("retryableStatusCodes");
      r.retryableStatusCodes().stream().sorted().forEach(statuses::add);
      ArrayNode redactions = o.putArray("redactions");
      op.redactions().forEach(rule -> redactions.add(rule.pointerPattern()));
      ArrayNode examples = o.putArray("examples");
      for (OperationExample ex : op.examples()) {
        examples.addObject().put("name", ex.name()).<ObjectNode>set("request", ex.request())
            .set("response", ex.response());
      }
    }
    return out;
  }

  /**
   * Rebuilds the type with {@code handlers} supplying each operation's handler.
   *
   * @throws IllegalArgumentException if the JSON is not a valid descriptor
   */
  static ConnectorType read(JsonNode in, Function<String, OperationHandler> handlers) {
    ConnectorType.Builder b = ConnectorType.builder(text(in, "name"), text(in, "version"))
        .description(text(in, "description"))
        .operationSchemaVersion(text(in, "operationSchemaVersion"));
    if (in.has("configSchema")) {
      b.configSchema(text(in, "configSchemaVersion"), in.get("configSchema"));
    }
    for (JsonNode o : in.path("operations")) {
      String name = text(o, "name");
      OperationDescriptor.Builder op = OperationDescriptor.builder(name).description(text(o, "description"))
          .maxTimeout(Duration.ofMillis(number(o, "maxTimeoutMillis")))
          .supportsIdempotency(o.path("supportsIdempotency").asBoolean())
          .mutating(o.path("mutating").asBoolean())
          .maxRequestBytes((int) number(o, "maxRequestBytes"))
          .maxResponseBytes((int) number(o, "maxResponseBytes"))
          .handler(handlers.apply(name));
      JsonNode modes = o.path("modes");
      if (modes.size() > 0) {
        ExecutionMode first = ExecutionMode.valueOf(modes.get(0).asText());
        ExecutionMode[] more = new ExecutionMode[modes.size() - 1];
        for (int i = 1; i < modes.size(); i++) {
          more[i - 1] = ExecutionMode.valueOf(modes.get(i).asText());
        }
        op.modes(first, more);
      }
      if (o.has("requestSchema")) {
        op.requestSchema(o.get("requestSchema"));
      }
      if (o.has("responseSchema")) {
        op.responseSchema(o.get("responseSchema"));
      }
      JsonNode r = o.path("retry");
      Set<Integer> statuses = new HashSet<>();
      r.path("retryableStatusCodes").forEach(s -> statuses.add(s.asInt()));
      op.retry(new RetryPolicy((int) number(r, "maxRetries"), BackoffStrategy.valueOf(text(r, "backoff")),
          Duration.ofMillis(number(r, "initialDelayMillis")), Duration.ofMillis(number(r, "maxDelayMillis")),
          r.path("jitterFactor").asDouble(), statuses));
      o.path("redactions").forEach(p -> op.redact(RedactionRule.of(p.asText()).pointerPattern()));
      o.path("examples").forEach(ex -> op.example(text(ex, "name"), ex.get("request"), ex.get("response")));
      b.operation(op);
    }
    return b.build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("the descriptor has no textual '" + field + "'");
    }
    return v.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("the descriptor has no numeric '" + field + "'");
    }
    return v.asLong();
  }
}
