package io.cynodeai.connector.mcp.bridge.internal;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport, except that the process inherits none of the host's environment and messages are
 * enqueued one at a time: the SDK's outbound queue refuses a message offered while another thread offers one
 * ("Failed to enqueue message"), which concurrent calls on one session would otherwise hit.
 */
final class EmptyEnvironmentTransport extends StdioClientTransport {
  private final @Nullable Path workingDirectory;

  EmptyEnvironmentTransport(ServerParameters params, @Nullable Path workingDirectory) {
    super(params, new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()));
    this.workingDirectory = workingDirectory;
  }

  @Override
  public synchronized Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return super.sendMessage(message);
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().clear();
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    return builder;
  }
}
