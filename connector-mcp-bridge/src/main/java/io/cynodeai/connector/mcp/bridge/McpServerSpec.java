package io.cynodeai.connector.mcp.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to start one MCP server (stdio) and which of its tools become operations of the connector type it backs.
 * Immutable and thread-safe; build with {@link #builder(String, String)}.
 *
 * <p>The server process starts with an empty environment plus exactly {@link #environment()}; argv is
 * {@link #command()} and {@link #args()}. Neither may carry credentials: both are visible to other processes
 * of the host ({@code /proc}), so variable names and flags that look like secrets are refused.
 *
 * @param typeName the connector type name the server's tools are registered under ({@code everything})
 * @param typeVersion the connector type's semantic version
 * @param command the executable ({@code node}, an absolute path), looked up on the host's {@code PATH}
 * @param args its arguments
 * @param environment the only variables the process sees; non-secret values only
 * @param allowedTools the tools that become operations; every one must be offered by the server
 * @param workingDirectory the process's working directory, or null for the host's
 * @param callTimeout each operation's timeout cap ({@code max_timeout_ms}); a call is cut at it
 * @param startTimeout how long starting the process, initializing the session and listing tools may take
 * @param egressProxy whether a sandboxed server reaches its instance's allowlisted destinations through the
 *     engine's egress guard, by an HTTP {@code CONNECT} proxy named in its {@code HTTPS_PROXY}/{@code HTTP_PROXY}
 *     (only with {@link McpServerConnectors#loadSandboxed}; see docs/sandbox.md)
 * @param credentialKeys the instance's credential keys leased per call and passed to the server in the
 *     {@code tools/call} request's {@code _meta.credentials} (never in argv, environment or files)
 * @param idleTimeout how long a server process of its own (per instance: with the egress proxy or credential
 *     keys) may go without a call before it is stopped; the instance's next call starts it again
 */
public record McpServerSpec(String typeName, String typeVersion, String command, List<String> args,
    Map<String, String> environment, Set<String> allowedTools, @Nullable Path workingDirectory,
    Duration callTimeout, Duration startTimeout, boolean egressProxy, Set<String> credentialKeys,
    Duration idleTimeout) {

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(secret|token|passw|credential|api[-_]?key|private[-_]?key).*");
  private static final Pattern SECRET_FLAG =
      Pattern.compile("(?i)--?[a-z0-9_-]*(secret|token|passw|credential|api[-_]?key|private[-_]?key)[a-z0-9_-]*(=.*)?");

  public McpServerSpec {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(typeVersion, "typeVersion");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    args = List.copyOf(args);
    environment = Map.copyOf(environment);
    allowedTools = Set.copyOf(allowedTools);
    credentialKeys = Set.copyOf(credentialKeys);
    for (String key : credentialKeys) {
      new io.cynodeai.connector.spi.CredentialKey(key, "", false); // checks the name
    }
    if (command.isBlank()) {
      throw new IllegalArgumentException("command must not be blank");
    }
    if (allowedTools.isEmpty()) {
      throw new IllegalArgumentException("allowedTools must name at least one tool: only allowlisted tools become "
          + "operations");
    }
    for (String name : environment.keySet()) {
      if (name.isBlank() || name.contains("=")) {
        throw new IllegalArgumentException("environment: '" + name + "' is not a variable name");
      }
      if (SECRET_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("environment: '" + name + "' looks like a credential; credentials never "
            + "go into an MCP server's environment");
      }
    }
    for (String arg : args) {
      if (SECRET_FLAG.matcher(arg).matches()) {
        int eq = arg.indexOf('=');
        throw new IllegalArgumentException("args: '" + (eq < 0 ? arg : arg.substring(0, eq))
            + "' looks like a credential flag; credentials never go on an MCP server's command line");
      }
    }
    if (callTimeout.isNegative() || callTimeout.isZero() || startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout and startTimeout must be positive");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
  }

  /** Starts a spec for the server run by {@code command}, backing the connector type {@code typeName}. */
  public static Builder builder(String typeName, String command) {
    return new Builder(typeName, command);
  }

  /** Collects a spec; each setter checks its value when {@link #build()} runs. Not thread-safe. */
  public static final class Builder {
    private final String typeName;
    private final String command;
    private String typeVersion = "1.0.0";
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> allowedTools = new LinkedHashSet<>();
    private @Nullable Path workingDirectory;
    private Duration callTimeout = Duration.ofSeconds(10);
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private boolean egressProxy;
    private final Set<String> credentialKeys = new LinkedHashSet<>();

    private Builder(String typeName, String command) {
      this.typeName = Objects.requireNonNull(typeName, "typeName");
      this.command = Objects.requireNonNull(command, "command");
    }

    /** The connector type's version. Default {@code 1.0.0}. */
    public Builder typeVersion(String value) {
      this.typeVersion = Objects.requireNonNull(value, "value");
      return this;
    }

    public Builder args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    /** Adds one variable to the otherwise empty environment; never a secret. */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Allows tools to become operations. */
    public Builder allowTools(String... names) {
      allowedTools.addAll(List.of(names));
      return this;
    }

    public Builder workingDirectory(Path value) {
      this.workingDirectory = Objects.requireNonNull(value, "value");
      return this;
    }

    /** Each operation's timeout cap. Default 10 s. */
    public Builder callTimeout(Duration value) {
      this.callTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    /** The start, initialize and list-tools bound. Default 30 s. */
    public Builder startTimeout(Duration value) {
      this.startTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Whether a sandboxed server gets the egress proxy: its connections through {@code HTTPS_PROXY} reach what
     * the egress rules of the instance it serves allow, nothing else. Default false (no network at all).
     */
    public Builder egressProxy(boolean value) {
      this.egressProxy = value;
      return this;
    }

    /**
     * Declares credential keys of the instance that are leased per call and passed to the server in the call's
     * {@code _meta.credentials} object (key to value). Each instance then gets a server process of its own.
     */
    public Builder credentialKeys(String... names) {
      credentialKeys.addAll(List.of(names));
      return this;
    }

    /**
     * How long a server process of an instance's own (with {@link #egressProxy} or {@link #credentialKeys}) may
     * go without a call before it is stopped; its next call starts it again. Default 10 min.
     */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = Objects.requireNonNull(value, "value");
      return this;
    }

    /** @throws IllegalArgumentException naming the first bad value */
    public McpServerSpec build() {
      return new McpServerSpec(typeName, typeVersion, command, args, environment, allowedTools, workingDirectory,
          callTimeout, startTimeout, egressProxy, credentialKeys, idleTimeout);
    }
  }
}
