package io.cynodeai.connector.mcp;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What an agent needs to know before it calls anything: the connector types (their config schemas, their
 * operations with request schemas, modes and examples), the instances the caller may use, the ConnectorSpec
 * JSON Schema and example specs. Served as the {@code connector_discover} tool's body and as MCP resources
 * ({@code cynodeai://...}). Thread-safe.
 */
final class Discovery {
  static final String SCHEMA_URI = "cynodeai://spec/schema";
  static final String TYPES_URI = "cynodeai://catalog/types";
  static final String INSTANCES_URI = "cynodeai://instances";
  static final String EXAMPLES_URI = "cynodeai://examples/specs";
  private static final String SCHEMA_RESOURCE = "/io/cynodeai/connector/core/spec/connector-spec-v1alpha1.schema.json";

  private final List<ConnectorType> types;
  private final ConnectorEngine engine;
  private final Caller caller;

  Discovery(List<ConnectorType> types, ConnectorEngine engine, Caller caller) {
    this.types = List.copyOf(types);
    this.engine = engine;
    this.caller = caller;
  }

  /** The connector types on the class path, as {@code EngineBuilder.discoverConnectors()} finds them. */
  static List<ConnectorType> classPathTypes() {
    List<ConnectorType> found = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, loader)) {
      found.add(provider.type());
    }
    return found;
  }

  /**
   * The engine's verdict on this caller reading the catalog ({@code connector.catalog.read}, audited by the
   * engine): null when allowed, else the refusal.
   */
  io.cynodeai.connector.api.@Nullable Failed refusal() {
    try {
      return engine.types(caller) instanceof io.cynodeai.connector.api.instance.TypeListing.Refused r
          ? r.failure() : null;
    } catch (UnsupportedOperationException e) {
      return null; // an engine that does not list its types does not govern reading them either
    }
  }

  /** The types (or the one named) and the instances the caller may use. */
  Map<String, Object> discover(@Nullable String typeName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", "discovered");
    body.put("types", types(typeName));
    body.put("instances", instances());
    body.put("next", "Write a spec (see resource " + SCHEMA_URI + " and " + EXAMPLES_URI + "), check it with "
        + "connector_spec_validate and connector_spec_diff, apply it with connector_spec_apply, then call "
        + "connector_op_invoke with an instance's name, one of its type's operations and an input valid against "
        + "that operation's request_schema.");
    return body;
  }

  List<Map<String, Object>> types(@Nullable String typeName) {
    return types.stream().filter(t -> typeName == null || t.name().equals(typeName)).map(Discovery::type)
        .toList();
  }

  private static Map<String, Object> type(ConnectorType type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", type.name());
    m.put("version", type.version());
    m.put("description", type.description());
    m.put("config_schema", type.configSchema() == null ? null : ToolResults.JSON.convertValue(type.configSchema(),
        Object.class));
    m.put("operations", type.operations().stream().map(Discovery::operation).toList());
    // the keys a spec's credentials must map (secretRef keys / encrypted values), so an agent can write one
    m.put("credential_keys", type.credentialKeys().stream().map(k -> Map.of("name", k.name(), "description",
        k.description(), "required", k.required())).toList());
    return m;
  }

  private static Map<String, Object> operation(OperationDescriptor op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", op.name());
    m.put("description", op.description());
    m.put("modes", op.modes().stream().map(mode -> mode.name().toLowerCase(java.util.Locale.ROOT)).sorted()
        .toList());
    m.put("mutating", op.mutating());
    m.put("request_schema", op.requestSchema() == null ? null : ToolResults.JSON.convertValue(op.requestSchema(),
        Object.class));
    List<Map<String, Object>> examples = new ArrayList<>();
    for (OperationExample example : op.examples()) {
      examples.add(Map.of("name", example.name(), "input", ToolResults.JSON.convertValue(example.request(),
          Object.class)));
    }
    m.put("examples", examples);
    return m;
  }

  List<Map<String, Object>> instances() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConnectorInstance i : engine.instances().list(caller)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", i.id());
      m.put("type", i.connectorType());
      m.put("type_version", i.connectorTypeVersion());
      m.put("status", i.status().wireName());
      m.put("owner", i.owner().type().name().toLowerCase(java.util.Locale.ROOT) + ":" + i.owner().id());
      m.put("project", i.projectId());
      out.add(m);
    }
    return out;
  }

  /** The resources: spec schema, types, instances and example specs. */
  List<SyncResourceSpecification> resources() {
    return List.of(
        resource(SCHEMA_URI, "connector-spec-schema", "The ConnectorSpec JSON Schema (cynodeai.io/v1alpha1)",
            "application/schema+json", () -> read(SCHEMA_RESOURCE)),
        resource(TYPES_URI, "connector-types", "Connector types, their operations, request schemas and examples",
            "application/json", () -> {
              io.cynodeai.connector.api.Failed refusal = refusal(); // the engine decides and audits the read
              return json(refusal == null ? types(null) : Map.of("failure", ToolResults.toMap(refusal)));
            }),
        resource(INSTANCES_URI, "connector-instances", "The connector instances this server's caller may use",
            "application/json", () -> json(instances())),
        resource(EXAMPLES_URI, "example-specs", "Example ConnectorSpec documents (YAML) to start from",
            "application/yaml", () -> read("/io/cynodeai/connector/mcp/example-specs.yaml")));
  }

  private static SyncResourceSpecification resource(String uri, String name, String title, String mime,
      Supplier<String> text) {
    Resource resource = Resource.builder().uri(uri).name(name).title(title).description(title).mimeType(mime)
        .build();
    return new SyncResourceSpecification(resource, (exchange, request) -> new ReadResourceResult(List.of(
        new TextResourceContents(uri, mime, text.get()))));
  }

  private static String json(Object value) {
    try {
      return ToolResults.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = Discovery.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
