package io.cynodeai.connector.mcp.server;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.mcp.ConnectorMcpServer;
import io.cynodeai.connector.mcp.StdioLineTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Runs the MCP server over stdio on an embedded engine that discovers connectors on the class path (see
 * {@link McpOptions} for the command line). The standalone server trusts the local user who started it
 * (allow-all policy), like any local tool, and by default is single-tenant like {@code connectorctl}: every
 * instance is reachable and manageable whatever its owner or project, so a spec applies as written; {@code
 * --tenancy strict} enforces the §12 boundaries as the configured {@code --user}, {@code --group}s and {@code
 * --project} instead. Embed {@link ConnectorMcpServer} in a host to use its policy. With {@code --state-dir} the
 * state (specs, instances, jobs) is the H2 database {@code connectorctl} uses ({@code <dir>/state.mv.db}, audit
 * appended to {@code <dir>/audit.jsonl}, secrets read from {@code <dir>/secrets/<name>/<key>}), so it persists
 * across sessions and both tools see the same connectors (one process at a time: H2 locks the file); without
 * it the state lives in memory for the session and {@code cynode-vault:name/key} is read from the variable
 * {@code CYNODE_VAULT_NAME_KEY}. Logs and audit lines go to standard error; standard output carries only MCP.
 * The process ends when standard input ends.
 */
public final class McpMain {
  /** The prefix of the environment variables that answer {@code cynode-vault} references. */
  static final String VAULT_PREFIX = "CYNODE_VAULT_";

  private McpMain() {}

  public static void main(String[] args) throws InterruptedException {
    McpOptions options;
    try {
      options = McpOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("connector-mcp-server: " + e.getMessage());
      System.err.println(McpOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(McpOptions.USAGE);
      return;
    }
    Caller caller = options.caller();
    Stores stores = options.stateDir() == null ? null : Stores.h2(options.stateDir().resolve("state"));
    ConnectorEngine engine = engine(options, stores);
    PrintStream err = System.err;
    err.println("connector-mcp-server: acting as user " + caller.userId() + (caller.groupIds().isEmpty() ? ""
        : ", groups " + String.join(",", caller.groupIds())) + (caller.projectId() == null ? ""
        : ", project " + caller.projectId()) + "; tenancy " + options.tenancy() + "; state "
        + (options.stateDir() == null ? "in memory (this session only)" : options.stateDir().toAbsolutePath()));
    StdioLineTransport transport = new StdioLineTransport(ConnectorMcpServer.mapper(), System.in, System.out);
    McpSyncServer server = ConnectorMcpServer.create(engine, caller, transport);
    transport.awaitClosed(); // the client closed our standard input: the session is over
    server.close();
    engine.close();
    if (stores != null) {
      stores.close();
    }
    System.exit(0);
  }

  static ConnectorEngine engine(McpOptions options, @Nullable Stores stores) {
    EngineBuilder builder = ConnectorEngines.builder().discoverConnectors()
        .policy(ctx -> PolicyDecision.allow("local operator"))
        .tenancy(options.tenancy().equals("strict") ? TenancyRules.strict() : TenancyRules.singleTenant())
        .egress(egress(options.egress()));
    if (stores == null) {
      // A spec names its secrets as cynode-vault:name/key, read from the variable CYNODE_VAULT_NAME_KEY only:
      // an agent applying specs reaches those variables (this server acts for one operator, so every scope
      // maps to them on purpose) and nothing else of the environment. env: stays the host's.
      SecretProvider vaultVariables = SecretProviders.environment(
          variable -> System.getenv(VAULT_PREFIX + variable));
      return builder.credentials(CredentialVault.of(SecretProviders.environment(),
          SecretProviders.perScope("cynode-vault", scope -> vaultVariables))).build();
    }
    StateDirectory state = new StateDirectory(options.stateDir());
    return builder.stores(stores).credentials(state.vault()).auditSink(state::audit).build();
  }

  /** The egress policy named on the command line: public (default), loopback or unrestricted. */
  static EgressPolicy egress(@Nullable String name) {
    String mode = name == null ? "public" : name.toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "public" -> EgressPolicy.publicOnly();
      case "loopback" -> EgressPolicy.loopbackOnly();
      case "unrestricted" -> EgressPolicy.unrestricted();
      default -> throw new IllegalArgumentException("--egress must be public, loopback or unrestricted, was '"
          + name + "'");
    };
  }
}
