package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.sandbox.SandboxLoadException;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Instant;

/**
 * Asks a child for its connector's declarations and builds the parent's type from them, with a
 * {@link SandboxedHandler} for every operation. Stateless.
 */
public final class DescriptorLoader {
  /** The audit detail naming an accepted weaker isolation. */
  public static final String ISOLATION_DETAIL = "sandbox_isolation";

  private DescriptorLoader() {}

  /**
   * The sandboxed type.
   *
   * @throws SandboxLoadException the child failed or its descriptor is invalid
   */
  public static ConnectorType load(ChildLauncher launcher) {
    // the runtime's class-data archive, if this host has none for it yet, is made beside the describing child
    java.util.concurrent.CompletableFuture<Void> archive = launcher.createArchive();
    JsonNode connector = describe(launcher);
    awaitArchive(archive, launcher);
    SandboxedHandler handler = new SandboxedHandler(launcher);
    ConnectorType type;
    try {
      type = DescriptorCodec.read(connector, operation -> handler);
    } catch (RuntimeException e) {
      throw new SandboxLoadException("sandbox_protocol_error",
          "the sandboxed connector reported an invalid descriptor: " + e.getMessage(), e);
    }
    // the parent names the weaker mode on every audit event of the type's calls, failed ones included
    return launcher.weaker() ? type.toBuilder().auditDetail(ISOLATION_DETAIL, launcher.isolationDescription())
        .build() : type;
  }

  /** Waits (within the startup timeout) for the archive, so the type's first calls start from it. */
  private static void awaitArchive(java.util.concurrent.CompletableFuture<Void> archive, ChildLauncher launcher) {
    try {
      archive.get(launcher.limits().startupTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // no archive yet: the calls start without it until it is there
    }
  }

  /** The child's {@code connector} declarations. */
  public static JsonNode describe(ChildLauncher launcher) {
    Instant deadline = launcher.clock().instant().plus(launcher.limits().startupTimeout());
    try (ChildProcess child = launcher.start()) {
      child.send(Messages.of("describe"));
      JsonNode reply = child.receive(deadline);
      if (!reply.path("type").asText().equals("descriptor") || !reply.path("connector").isObject()) {
        throw SandboxFailures.protocol("the first message is not a descriptor");
      }
      return reply.get("connector");
    } catch (ProviderException e) {
      throw new SandboxLoadException(e.code(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxLoadException("interrupted", "interrupted while loading the sandboxed connector", e);
    }
  }
}
