package io.cynodeai.connector.mcp.bridge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.mcp.bridge.internal.EgressProxy;
import io.cynodeai.connector.mcp.bridge.internal.EgressRelayCommand;
import io.cynodeai.connector.mcp.bridge.internal.McpServerProcess;
import io.cynodeai.connector.mcp.bridge.internal.McpServers;
import io.cynodeai.connector.mcp.bridge.internal.ToolOperations;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.sandbox.SandboxLoadException;
import io.cynodeai.connector.sandbox.SandboxedCommand;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialKey;
import io.cynodeai.connector.spi.HealthResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns an MCP server (stdio) into a connector type: starts it, initializes an MCP client session (the official
 * MCP Java SDK), lists its tools and declares each allowlisted tool as an operation. The engine then governs
 * every call like any other: policy, schema validation before the server sees the input, limits, idempotency,
 * audit, redaction, response caps.
 *
 * <pre>{@code
 * McpServerConnector everything = McpServerConnectors.load(
 *     McpServerSpec.builder("everything", "node").args("/opt/everything/dist/index.js", "stdio")
 *         .allowTools("echo", "get-sum").build());
 * ConnectorEngine engine = ConnectorEngines.builder().register(everything.type()).build();
 * }</pre>
 *
 * <p>Isolation: {@link #load} starts a separate process with an empty environment, with the host's user, file
 * system and network: for servers trusted like any program the host runs. {@link #loadSandboxed} runs an
 * untrusted server inside the sandbox's OS boundary (see docs/sandbox.md).
 */
public final class McpServerConnectors {
  private static final Pattern OPERATION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

  private McpServerConnectors() {
  }

  /**
   * Starts the server and declares its type. Blocks up to the spec's start timeout.
   *
   * @throws ConnectorException if the server does not start, initialize and list its tools in time, or an
   *     allowlisted tool is missing from the server or has a name that cannot be an operation name; the process
   *     is stopped then
   */
  public static McpServerConnector load(McpServerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.egressProxy()) {
      throw new IllegalArgumentException("egressProxy applies to a sandboxed server (loadSandboxed): an unsandboxed"
          + " one has the host's network");
    }
    return load(spec, McpServers.perInstance(spec) ? McpServers.perInstance(() -> new McpServerProcess(spec), spec.idleTimeout())
        : McpServers.shared(new McpServerProcess(spec)), null);
  }

  /**
   * As {@link #load}, with the server (untrusted code) inside the same OS boundary as a sandboxed Java connector
   * ({@link SandboxedCommand}): no network of its own (only its own loopback), a read-only minimal root holding
   * {@code /usr} and the given {@code mounts} only, a private size-capped {@code /tmp}, its own PID namespace, the
   * seccomp filter, a dedicated uid when the host is root, and the limits' processes, open files, address space
   * and CPU time. The spec's working directory is ignored (the server starts in its private {@code /tmp}).
   * Where the host accepted a weaker isolation ({@link SandboxLimits#withAllowWeakerIsolation}), every audit
   * event of the type's calls names it (detail {@code sandbox_isolation}).
   *
   * @param mounts what the server reads (its script or package directory), mounted read-only at the same paths
   * <p>With {@link McpServerSpec#egressProxy()}, the server reaches what its instance's egress rules allow
   * through an HTTP {@code CONNECT} proxy in its {@code HTTPS_PROXY}; with {@link McpServerSpec#credentialKeys()},
   * it receives the instance's credentials per call in {@code _meta.credentials}. Either gives each instance a
   * process of its own (docs/mcp-bridge.md).
   *
   * @throws SandboxLoadException {@code sandbox_isolation_unavailable}, naming what is missing, where the
   *     boundary cannot be had and the limits do not accept a weaker one, or the spec asks for the egress proxy
   * @throws ConnectorException as {@link #load}
   */
  public static McpServerConnector loadSandboxed(McpServerSpec spec, SandboxLimits limits, List<Path> mounts) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(limits, "limits");
    List<Path> paths = List.copyOf(mounts);
    SandboxedCommand first = SandboxedCommand.of(limits, spec.command(), spec.args(), paths);
    if (first.weaker() && spec.egressProxy()) {
      // without a network namespace the relay's port would be on the host's loopback, open to any local process
      throw new SandboxLoadException("sandbox_isolation_unavailable", "the egress proxy needs the OS boundary (its"
          + " relay listens on the sandbox's own loopback), which is unavailable here: " + first.isolation(), null);
    }
    McpServers servers;
    if (McpServers.perInstance(spec)) {
      servers = McpServers.perInstance(() -> {
        EgressProxy proxy = spec.egressProxy() ? new EgressProxy(spec.typeName()) : null;
        return new McpServerProcess(spec, () -> EgressRelayCommand.of(spec, limits, paths, proxy), proxy);
      }, spec.idleTimeout());
    } else {
      AtomicBoolean used = new AtomicBoolean();
      servers = McpServers.shared(new McpServerProcess(spec,
          () -> used.compareAndSet(false, true) ? first : SandboxedCommand.of(limits, spec.command(), spec.args(),
              paths)));
    }
    return load(spec, servers, first.weaker() ? first.isolation() : null);
  }

  private static McpServerConnector load(McpServerSpec spec, McpServers servers,
      @Nullable String weakerIsolation) {
    McpServerProcess server = servers.discovery();
    try {
      Map<String, McpSchema.Tool> offered = server.listTools(spec.startTimeout()).stream()
          .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity(), (a, b) -> a));
      List<String> problems = new ArrayList<>();
      ConnectorType.Builder type = ConnectorType.builder(spec.typeName(), spec.typeVersion())
          .description("The MCP server '" + spec.command() + "': tools " + new TreeSet<>(spec.allowedTools()))
          .configSchema("1", JsonNodeFactory.instance.objectNode().put("type", "object"))
          .healthCheck(context -> {
            try (McpServers.Use use = servers.use(context.instanceId())) {
              use.process().ping(context.timeLeft(null));
            }
            return HealthResult.healthy();
          });
      for (String key : new TreeSet<>(spec.credentialKeys())) {
        type.credentialKey(CredentialKey.optional(key, "passed to the MCP server in each tools/call request's "
            + "_meta.credentials." + key));
      }
      for (String name : new TreeSet<>(spec.allowedTools())) {
        McpSchema.Tool tool = offered.get(name);
        if (tool == null) {
          problems.add("allowlisted tool '" + name + "' is not offered by the server");
        } else if (!OPERATION_NAME.matcher(name).matches()) {
          problems.add("allowlisted tool '" + name + "' cannot be an operation name (" + OPERATION_NAME + ")");
        } else {
          type.operation(ToolOperations.of(spec, tool, servers));
        }
      }
      if (!problems.isEmpty()) {
        throw new ConnectorException("MCP server for connector type '" + spec.typeName() + "': "
            + String.join("; ", problems));
      }
      if (weakerIsolation != null) {
        type.auditDetail("sandbox_isolation", weakerIsolation);
      }
      McpServerConnector connector = new McpServerConnector(type.build(), servers);
      servers.retired(server);
      return connector;
    } catch (ConnectorException e) {
      servers.retired(server);
      servers.close();
      throw e;
    } catch (Exception e) {
      servers.retired(server);
      servers.close();
      throw new ConnectorException("MCP server for connector type '" + spec.typeName() + "' could not be loaded: "
          + e.getMessage(), e);
    }
  }
}
