package io.cynodeai.connector.mcp;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.CredentialService;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The instance lifecycle tools' bodies ({@code connector_instance_install}, {@code _enable}, {@code _disable},
 * {@code _uninstall}) and {@code connector_catalog_list}: the engine's {@link InstanceManager} authorizes each
 * change for {@code connector.instance.manage} under the tenancy rules and audits it, as for a spec apply. An
 * instance a spec controls is better changed through its spec: a later apply or reconcile puts it back.
 * Thread-safe.
 */
final class InstanceTools {
  static final String INSTALL_INPUT = """
      {"type":"object","additionalProperties":false,"required":["name","type","config"],"properties":{
        "name":{"type":"string","description":"The new instance's name (its id)"},
        "type":{"type":"string","description":"The connector type (connector_catalog_list or connector_discover lists them)"},
        "type_version":{"type":"string","description":"A version pin such as 1 or 1.2; omitted: the newest"},
        "config":{"type":"object","description":"The configuration, valid against the type's config_schema"},
        "owner_group":{"type":"string","description":"Own the instance as this group (you must be a member); omitted: you own it"},
        "project":{"type":"string","description":"The project of the instance; omitted: the server's project"}}}""";
  static final String NAME_INPUT = """
      {"type":"object","additionalProperties":false,"required":["name"],"properties":{
        "name":{"type":"string","description":"The instance's name"}}}""";
  static final String OUTPUT = """
      {"type":"object","required":["outcome"],"properties":{
        "outcome":{"type":"string","enum":["installed","enabled","disabled","uninstalled","rotated","revoked","rejected","listed"]},
        "instance":{"type":"object","properties":{"name":{"type":"string"},"type":{"type":"string"},
          "status":{"type":"string"},"last_error":{"type":["object","null"]}}},
        "types":{"type":"array"},"failure":{"type":"object"}}}""";

  private final InstanceManager instances;
  private final @Nullable CredentialService credentials;
  private final Caller caller;
  private final Discovery discovery;

  InstanceTools(InstanceManager instances, @Nullable CredentialService credentials, Caller caller,
      Discovery discovery) {
    this.instances = instances;
    this.credentials = credentials;
    this.caller = caller;
    this.discovery = discovery;
  }

  /** The engine's credential service, or null when the engine has no credential vault. */
  static @Nullable CredentialService credentialsOf(ConnectorEngine engine) {
    try {
      return engine.credentials();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /** {@code connector_credential_rotate}: the instance's secret was rotated at its source. */
  CallToolResult rotated(String name) {
    return credentials == null ? noVault() : result(credentials.rotated(name, caller), "rotated");
  }

  /** {@code connector_credential_revoke}: the instance's secret must not be used any more. */
  CallToolResult revoked(String name) {
    return credentials == null ? noVault() : result(credentials.revoked(name, caller), "revoked");
  }

  private static CallToolResult noVault() {
    return ToolResults.rejected(Failed.of(FailureClass.PERMANENT, "no_credentials",
        "this server's engine has no credential vault: there are no leased credentials to rotate or revoke"));
  }

  CallToolResult install(String name, String type, Map<String, Object> args) {
    if (!(args.get("config") instanceof Map<?, ?> config)) {
      throw new IllegalArgumentException("argument 'config' must be an object");
    }
    InstanceDefinition.Builder definition = InstanceDefinition.builder(name, type)
        .config(ToolResults.JSON.valueToTree(config))
        .owner(args.get("owner_group") instanceof String group ? OwnerScope.group(group)
            : OwnerScope.user(caller.userId()))
        .projectId(args.get("project") instanceof String project ? project : caller.projectId());
    if (args.get("type_version") instanceof String version) {
      definition.typeVersion(version);
    }
    return result(instances.install(definition.build(), caller), "installed");
  }

  CallToolResult enable(String name) {
    return result(instances.enable(name, caller), "enabled");
  }

  CallToolResult disable(String name) {
    return result(instances.disable(name, caller), "disabled");
  }

  CallToolResult uninstall(String name) {
    return result(instances.uninstall(name, caller), "uninstalled");
  }

  /** Each type with its version, description and operation names (connector_discover has the schemas). */
  CallToolResult catalog() {
    List<Map<String, Object>> types = discovery.types(null).stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>(t);
      m.remove("config_schema");
      m.put("operations", ((List<?>) t.get("operations")).stream().map(op -> ((Map<?, ?>) op).get("name"))
          .toList());
      return m;
    }).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", "listed");
    body.put("types", types);
    return ToolResults.result(body, false);
  }

  private static CallToolResult result(LifecycleOutcome out, String done) {
    if (out instanceof LifecycleOutcome.Refused r) {
      return ToolResults.rejected(r.failure());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    ConnectorInstance instance = ((LifecycleOutcome.Applied) out).instance();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", instance.id());
    view.put("type", instance.connectorType());
    view.put("status", instance.status().wireName());
    view.put("last_error", instance.lastError() == null ? null : ToolResults.toMap(instance.lastError()));
    body.put("outcome", done);
    body.put("instance", view);
    return ToolResults.result(body, false);
  }
}
