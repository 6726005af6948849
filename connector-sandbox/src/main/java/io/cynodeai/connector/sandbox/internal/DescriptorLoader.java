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
    JsonNode connector = describe(launcher);
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
