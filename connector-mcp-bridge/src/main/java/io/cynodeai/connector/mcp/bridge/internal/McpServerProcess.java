package io.cynodeai.connector.mcp.bridge.internal;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.sandbox.SandboxedCommand;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One MCP server process and the SDK client session over its stdio, started on first use and started again
 * when the process has died. Every exchange is bounded: a call not answered in time is cancelled and reported
 * as a timeout; a call whose process exits is reported at once. Thread-safe: calls run concurrently on one
 * session; starting and closing are serialized.
 */
public final class McpServerProcess implements AutoCloseable {
  private final McpServerSpec spec;
  private final @Nullable Supplier<SandboxedCommand> sandbox;
  private final @Nullable EgressProxy proxy;
  private @Nullable Session current;
  private boolean closed;
  private int starts;

  public McpServerProcess(McpServerSpec spec) {
    this(spec, null);
  }

  /**
   * A server started by the sandbox's command line ({@code sandbox} is asked at every start, so a restarted
   * server gets a fresh uid), or, when {@code sandbox} is null, as a plain process.
   */
  public McpServerProcess(McpServerSpec spec, @Nullable Supplier<SandboxedCommand> sandbox) {
    this(spec, sandbox, null);
  }

  /** As above, with the egress proxy the sandboxed command's relay forwards to (closed with this). */
  public McpServerProcess(McpServerSpec spec, @Nullable Supplier<SandboxedCommand> sandbox,
      @Nullable EgressProxy proxy) {
    this.spec = spec;
    this.sandbox = sandbox;
    this.proxy = proxy;
  }

  /**
   * Marks a call in flight until the handle is closed: the egress proxy, if any, opens connections through its
   * context's guarded network access meanwhile.
   */
  public AutoCloseable begin(io.cynodeai.connector.spi.ConnectorContext context) {
    return proxy == null ? () -> { } : proxy.begin(context);
  }

  /** The egress proxy, or null. */
  public @Nullable EgressProxy proxy() {
    return proxy;
  }

  /** The session's process and client; {@code exited} completes when the process ends. */
  private record Session(McpAsyncClient client, CompletableFuture<Void> exited) {
    boolean alive() {
      return !exited.isDone();
    }
  }

  /** How many times a process was started (1 after a first start, 2 after one restart). */
  public synchronized int starts() {
    return starts;
  }

  /** Lists every tool the server offers, following pagination. */
  public List<McpSchema.Tool> listTools(Duration timeout) throws Exception {
    Session session = session();
    List<McpSchema.Tool> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      McpSchema.ListToolsResult result = await(session, session.client().listTools(cursor), timeout);
      tools.addAll(result.tools());
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        return tools;
      }
    }
    throw ProviderException.permanentFailure("mcp_protocol_error", "the MCP server's tool list has over 100 pages",
        null);
  }

  /** Calls a tool; the answer, or a timeout, or a classified failure. */
  public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, Duration timeout)
      throws Exception {
    return call(tool, arguments, null, timeout);
  }

  /** Calls a tool with the request's {@code _meta} (null for none). */
  public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments,
      @Nullable Map<String, Object> meta, Duration timeout) throws Exception {
    Session session = session();
    return await(session, session.client().callTool(new McpSchema.CallToolRequest(tool, arguments, meta)),
        timeout);
  }

  /** Pings the server. */
  public void ping(Duration timeout) throws Exception {
    Session session = session();
    await(session, session.client().ping(), timeout);
  }

  private <T> T await(Session session, Mono<T> exchange, Duration timeout) throws Exception {
    CompletableFuture<T> answer = exchange.toFuture();
    try {
      CompletableFuture.anyOf(answer, session.exited()).get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new SocketTimeoutException("the MCP server did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      // classified below from the answer itself
    }
    if (!answer.isDone()) {
      answer.cancel(true);
      throw ProviderException.transientFailure("mcp_server_exited",
          "the MCP server process exited during the call; it is started again on the next call", null);
    }
    try {
      return answer.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof McpError error) {
        String message = error.getJsonRpcError() == null ? "" : error.getJsonRpcError().message();
        throw ProviderException.permanentFailure("mcp_error",
            "the MCP server refused the request: " + ToolResults.truncate(message), null);
      }
      markBroken(session);
      throw ProviderException.transientFailure("mcp_transport_error",
          "the exchange with the MCP server failed (" + cause.getClass().getSimpleName() + ")", cause);
    }
  }

  private synchronized Session session() throws Exception {
    if (closed) {
      throw new IllegalStateException("the MCP server connector is closed");
    }
    Session session = current;
    if (session != null && session.alive()) {
      return session;
    }
    if (session != null) {
      stop(session);
    }
    current = start();
    return current;
  }

  private synchronized void markBroken(Session session) {
    if (current == session) {
      stop(session);
      current = null;
    }
  }

  private Session start() throws Exception {
    ServerParameters built;
    java.nio.file.Path workingDirectory = spec.workingDirectory();
    if (sandbox == null) {
      built = ServerParameters.builder(spec.command()).args(spec.args()).build();
    } else {
      SandboxedCommand boxed = sandbox.get();
      // bwrap clears the environment inside; the spec's variables are passed in by --setenv
      List<String> command = withEnvironment(boxed.command(), spec.environment());
      built = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
      workingDirectory = boxed.workingDirectory();
    }
    // The SDK seeds HOME, PATH, USER and a few more from the host: the process gets exactly the given ones.
    built.getEnv().clear();
    built.getEnv().putAll(spec.environment());
    StdioClientTransport transport = new EmptyEnvironmentTransport(built, workingDirectory);
    transport.setStdErrorHandler(line -> { }); // server output may hold anything: never logged
    McpAsyncClient client = McpClient.async(transport)
        .clientInfo(new McpSchema.Implementation("cynodeai-connector-mcp-bridge", "1"))
        .requestTimeout(spec.callTimeout().plus(spec.startTimeout()))
        .initializationTimeout(spec.startTimeout())
        .build();
    starts++;
    CompletableFuture<Void> exited = new CompletableFuture<>();
    try {
      client.initialize().toFuture().get(spec.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      client.close();
      throw ProviderException.transientFailure("mcp_server_unavailable", "the MCP server '" + spec.command()
          + "' did not start and initialize within " + spec.startTimeout().toMillis() + " ms", null);
    } catch (InterruptedException e) {
      client.close();
      throw e;
    }
    Thread watcher = new Thread(() -> {
      try {
        transport.awaitForExit();
      } catch (RuntimeException e) {
        // interrupted or never started: either way the session is gone
      }
      exited.complete(null);
    }, "mcp-bridge-exit-" + spec.typeName());
    watcher.setDaemon(true);
    watcher.start();
    return new Session(client, exited);
  }

  /** Puts {@code --setenv} pairs after bwrap's {@code --clearenv} (the spec's variables are never secrets). */
  private static List<String> withEnvironment(List<String> command, Map<String, String> environment) {
    int at = command.indexOf("--clearenv");
    if (at < 0 || environment.isEmpty()) {
      return command;
    }
    List<String> out = new ArrayList<>(command.subList(0, at + 1));
    environment.forEach((name, value) -> out.addAll(List.of("--setenv", name, value)));
    out.addAll(command.subList(at + 1, command.size()));
    return out;
  }

  private static void stop(Session session) {
    try {
      session.client().closeGracefully().block(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      session.client().close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (current != null) {
      stop(current);
      current = null;
    }
    if (proxy != null) {
      proxy.close();
    }
  }
}
