package io.cynodeai.connector.mcp.bridge.internal;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The SDK's stdio transport, except that the process inherits none of the host's environment. */
final class EmptyEnvironmentTransport extends StdioClientTransport {
  private final @Nullable Path workingDirectory;

  EmptyEnvironmentTransport(ServerParameters params, @Nullable Path workingDirectory) {
    super(params, new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()));
    this.workingDirectory = workingDirectory;
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
