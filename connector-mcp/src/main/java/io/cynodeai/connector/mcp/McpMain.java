package io.cynodeai.connector.mcp;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs the MCP server over stdio on an embedded engine that discovers connectors on the class path:
 * {@code java -jar connector-mcp-server.jar [--user ID] [--project ID] [--egress public|loopback|unrestricted]}.
 * The standalone server trusts the local user who started it (allow-all policy), like any local tool; embed
 * {@link ConnectorMcpServer} in a host to use its policy. Connectors reach public addresses only unless {@code
 * --egress} opens this machine's loopback or every address (logged as a warning at start). Logs and audit lines
 * go to standard error; standard output carries only MCP.
 */
public final class McpMain {
  /** The prefix of the environment variables that answer {@code cynode-vault} references. */
  static final String VAULT_PREFIX = "CYNODE_VAULT_";

  private McpMain() {}

  public static void main(String[] args) throws InterruptedException {
    String user = option(args, "--user");
    String project = option(args, "--project");
    Caller caller = Caller.user(user != null ? user : System.getProperty("user.name", "operator"), project);
    // A spec names its secrets as cynode-vault:name/key, read from the variable CYNODE_VAULT_NAME_KEY only: an
    // agent applying specs reaches those variables (this server acts for one operator, so every scope maps to
    // them on purpose) and nothing else of the environment. env: stays the host's, out of any spec's reach.
    SecretProvider vaultVariables = SecretProviders.environment(variable -> System.getenv(VAULT_PREFIX + variable));
    ConnectorEngine engine = ConnectorEngines.builder().discoverConnectors()
        .credentials(CredentialVault.of(SecretProviders.environment(),
            SecretProviders.perScope("cynode-vault", scope -> vaultVariables)))
        .policy(ctx -> PolicyDecision.allow("local operator"))
        .egress(egress(option(args, "--egress"))).build();
    CountDownLatch endOfInput = new CountDownLatch(1);
    McpSyncServer server = ConnectorMcpServer.create(engine, caller, new StdioServerTransportProvider(
        ConnectorMcpServer.mapper(), new SignallingInput(System.in, endOfInput), System.out));
    endOfInput.await(); // the client closed our standard input: the session is over
    server.closeGracefully();
    engine.close();
    System.exit(0);
  }

  /** Standard input that counts a latch down when it reaches its end. */
  private static final class SignallingInput extends FilterInputStream {
    private final CountDownLatch end;

    SignallingInput(InputStream in, CountDownLatch end) {
      super(in);
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      return signal(super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return signal(super.read(b, off, len));
    }

    private int signal(int n) {
      if (n < 0) {
        end.countDown();
      }
      return n;
    }
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

  private static @Nullable String option(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }
}
