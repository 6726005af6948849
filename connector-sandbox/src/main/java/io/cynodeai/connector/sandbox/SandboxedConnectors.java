package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.ChildLauncher;
import io.cynodeai.connector.sandbox.internal.DescriptorLoader;
import io.cynodeai.connector.spi.ConnectorType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Loads an untrusted (OpenClaw) connector for out-of-process execution (REQ-EGRESS-005..007). The parent never
 * loads the connector's classes: a child JVM reports the type's declarations over the channel, and every operation
 * of the returned type runs in a fresh child JVM with the given {@link SandboxLimits}, the Security Manager with a
 * grant-nothing policy (no sockets, DNS, files or processes), and HTTP forwarded through the calling instance's
 * guarded network access. Register the result with {@code EngineBuilder.register(ConnectorType)} like any type.
 *
 * <p>One child per call: a call pays a JVM start (about 0.3 to 1 s). Sandboxed types have no health check,
 * polling, webhooks or interactive authorization. Thread-safe.
 */
public final class SandboxedConnectors {
  private SandboxedConnectors() {}

  /**
   * Starts a child to read the connector's declarations and returns its type, wired to run in the sandbox.
   *
   * @param providerClass the connector's {@code ConnectorProvider} class, with a public no-argument constructor
   * @param classPath the connector's jars or class directories (not the sandbox runtime, which is added)
   * @throws SandboxLoadException the child failed, timed out or reported an invalid descriptor
   */
  public static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits) {
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(limits, "limits");
    if (!providerClass.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
      throw new IllegalArgumentException("providerClass is not a class name");
    }
    ChildLauncher launcher = new ChildLauncher(providerClass, List.copyOf(classPath), limits, Clock.systemUTC());
    return DescriptorLoader.load(launcher);
  }
}
