package io.cynodeai.connector.mcp;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs the MCP server over stdio on an embedded engine that discovers connectors on the class path:
 * {@code java -jar connector-mcp-server.jar [--user ID] [--project ID]}. The standalone server trusts the
 * local user who started it (allow-all policy), like any local tool; embed {@link ConnectorMcpServer} in a
 * host to use its policy. Logs and audit lines go to standard error; standard output carries only MCP.
 */
public final class McpMain {
  private McpMain() {}

  public static void main(String[] args) throws InterruptedException {
    String user = option(args, "--user");
    String project = option(args, "--project");
    Caller caller = Caller.user(user != null ? user : System.getProperty("user.name", "operator"), project);
    ConnectorEngine engine = ConnectorEngines.builder().discoverConnectors()
        .policy(ctx -> PolicyDecision.allow("local operator")).build();
    ConnectorMcpServer.stdio(engine, caller);
    new CountDownLatch(1).await(); // the transport's threads serve until stdin closes and the process ends
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
