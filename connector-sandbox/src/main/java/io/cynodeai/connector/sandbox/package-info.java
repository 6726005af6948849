/**
 * Out-of-process execution of untrusted connectors (OpenClaw). {@link io.cynodeai.connector.sandbox.SandboxedConnectors}
 * turns a connector provider class on a separate class path into a {@link io.cynodeai.connector.spi.ConnectorType}
 * whose every operation runs in a child JVM under {@link io.cynodeai.connector.sandbox.SandboxLimits}; the host
 * registers it with the engine like any other type. {@link io.cynodeai.connector.sandbox.SandboxVerification}
 * probes that the boundary holds.
 */
@NullMarked
package io.cynodeai.connector.sandbox;

import org.jspecify.annotations.NullMarked;
