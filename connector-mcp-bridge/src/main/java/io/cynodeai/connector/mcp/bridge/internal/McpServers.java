package io.cynodeai.connector.mcp.bridge.internal;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.OperationContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The server processes behind one connector type: one shared by every instance, or, when the spec asks for the
 * egress proxy or declares credential keys, one per instance (started on the instance's first call), so a process
 * only ever serves, reaches the network for and sees the credentials of a single instance. Thread-safe.
 */
public final class McpServers implements AutoCloseable {
  private final @Nullable McpServerProcess shared;
  private final Supplier<McpServerProcess> factory;
  private final Map<String, McpServerProcess> byInstance = new LinkedHashMap<>();
  private final AtomicInteger retiredStarts = new AtomicInteger();
  private boolean closed;

  private McpServers(@Nullable McpServerProcess shared, Supplier<McpServerProcess> factory) {
    this.shared = shared;
    this.factory = factory;
  }

  /** One process for all instances. */
  public static McpServers shared(McpServerProcess process) {
    return new McpServers(process, () -> process);
  }

  /** A process per instance, each made by {@code factory}. */
  public static McpServers perInstance(Supplier<McpServerProcess> factory) {
    return new McpServers(null, factory);
  }

  /** Whether {@code spec} needs a process per instance. */
  public static boolean perInstance(McpServerSpec spec) {
    return spec.egressProxy() || !spec.credentialKeys().isEmpty();
  }

  /** A process that serves no instance (to list the tools at load); the caller closes it unless shared. */
  public McpServerProcess discovery() {
    return shared != null ? shared : factory.get();
  }

  /** Counts the starts of a discovery process before it is closed. */
  public void retired(McpServerProcess process) {
    if (process != shared) {
      retiredStarts.addAndGet(process.starts());
      process.close();
    }
  }

  /** The process serving {@code instanceId}. */
  public synchronized McpServerProcess forInstance(String instanceId) {
    if (closed) {
      throw new IllegalStateException("the MCP server connector is closed");
    }
    if (shared != null) {
      return shared;
    }
    return byInstance.computeIfAbsent(instanceId, id -> factory.get());
  }

  /** Process starts over all processes. */
  public synchronized int starts() {
    int sum = retiredStarts.get() + (shared == null ? 0 : shared.starts());
    for (McpServerProcess p : byInstance.values()) {
      sum += p.starts();
    }
    return sum;
  }

  /**
   * The {@code _meta} of a call: {@code {"credentials": {key: value}}} for the spec's declared keys the
   * instance's lease holds, or null when none. The values are the lease's own buffers (serialized as JSON
   * strings, zero-filled by the engine when the call ends); never logged, never part of the audit.
   */
  public static @Nullable Map<String, Object> meta(McpServerSpec spec, OperationContext context) {
    if (spec.credentialKeys().isEmpty()) {
      return null;
    }
    Optional<CredentialLease> lease = context.credentials().lease();
    if (lease.isEmpty()) {
      return null;
    }
    Map<String, Object> credentials = new LinkedHashMap<>();
    for (String key : spec.credentialKeys()) {
      if (lease.get().keys().contains(key)) {
        credentials.put(key, lease.get().secret(key));
      }
    }
    return credentials.isEmpty() ? null : Map.of("credentials", credentials);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (shared != null) {
      shared.close();
    }
    byInstance.values().forEach(McpServerProcess::close);
    byInstance.clear();
  }
}
