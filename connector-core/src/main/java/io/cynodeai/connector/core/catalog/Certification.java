package io.cynodeai.connector.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.core.internal.codec.Fingerprint;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The record a certification run leaves (§15): which connector type version was certified, the digest of the
 * exact descriptor that was run, when, and whether every check passed. A host that requires certification
 * before general availability ({@code EngineBuilder.requireCertification}) gives the engine these records; an
 * instance of a type version without a passing record for the same descriptor cannot be enabled. The testkit
 * writes one ({@code CertificationReport.certification()}), as JSON through {@link #toJson()}. Immutable.
 *
 * @param connectorType the type name
 * @param version the type version
 * @param descriptorDigest {@link #digest(ConnectorType)} of the descriptor that was certified
 * @param certifiedAt when the run ended
 * @param passed whether every check passed
 * @param checks how many checks ran
 * @param failures how many of them failed
 */
public record Certification(String connectorType, String version, String descriptorDigest, Instant certifiedAt,
    boolean passed, int checks, int failures) {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  public Certification {
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(descriptorDigest, "descriptorDigest");
    Objects.requireNonNull(certifiedAt, "certifiedAt");
    if (checks < 0 || failures < 0 || failures > checks) {
      throw new IllegalArgumentException("checks and failures must satisfy 0 <= failures <= checks");
    }
    if (passed && (failures > 0 || checks == 0)) {
      throw new IllegalArgumentException("a passed certification has checks and no failures");
    }
  }

  /** {@code name@version}. */
  public String coordinates() {
    return connectorType + "@" + version;
  }

  /**
   * A SHA-256 digest of everything a type declares that certification exercised: name, version, schema
   * versions, config schema, and per operation its modes, timeout cap, idempotency, mutating flag, retry policy,
   * request and response schemas, payload caps and redaction rules, and the declared credential keys (only when
   * the type declares some, so digests of types without them are unchanged). Changing any of them (a new build with a
   * changed schema, a looser retry policy) changes the digest, so an old certification no longer applies. Code
   * is not part of it: a host pins code by the artifact it deploys.
   */
  public static String digest(ConnectorType type) {
    ObjectNode d = F.objectNode().put("type", type.name()).put("version", type.version())
        .put("operationSchemaVersion", type.operationSchemaVersion())
        .put("configSchemaVersion", type.configSchemaVersion());
    d.set("configSchema", type.configSchema());
    ArrayNode ops = d.putArray("operations");
    type.operations().stream().sorted(Comparator.comparing(OperationDescriptor::name)).forEach(op -> {
      ObjectNode o = ops.addObject().put("name", op.name()).put("maxTimeoutMs", op.maxTimeout().toMillis())
          .put("idempotency", op.supportsIdempotency()).put("mutating", op.mutating())
          .put("retry", op.retryPolicy().toString()).put("maxRequestBytes", op.maxRequestBytes())
          .put("maxResponseBytes", op.maxResponseBytes());
      op.modes().stream().map(m -> m.wireName()).sorted().forEach(o.putArray("modes")::add);
      o.set("requestSchema", op.requestSchema());
      o.set("responseSchema", op.responseSchema());
      op.redactions().forEach(r -> o.withArray("redactions").add(r.pointerPattern()));
    });
    type.credentialKeys().stream().sorted(Comparator.comparing(k -> k.name())).forEach(k -> d
        .withArray("credentialKeys").addObject().put("name", k.name()).put("required", k.required()));
    return Fingerprint.of(d);
  }

  /** The record as a JSON document. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A record from {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException if the text is not such a record
   */
  public static Certification fromJson(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return new Certification(req(n, "connectorType").asText(), req(n, "version").asText(),
          req(n, "descriptorDigest").asText(), Instant.parse(req(n, "certifiedAt").asText()),
          req(n, "passed").asBoolean(), req(n, "checks").asInt(), req(n, "failures").asInt());
    } catch (IOException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a certification record: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Reads a record written with {@link #toJson()}. */
  public static Certification read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read certification record " + file, e);
    }
  }

  private static JsonNode req(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("not a certification record: no " + field);
    }
    return v;
  }
}
