package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.spi.ConnectorType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void loads() throws Exception {
    long t0 = System.nanoTime();
    Path cp = Path.of(UntrustedConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(), List.of(cp),
        SandboxLimits.defaults());
    System.out.println(type.operations() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }
}
