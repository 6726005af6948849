package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified, loaded connector bundle: its signature, and the connector providers found in it, each loaded in
 * the bundle's own class loader. Register the providers with {@code EngineBuilder.register}; close the bundle
 * only after the engines using them are closed (closing releases the class loader and the verified copy of
 * the JAR). Thread-safe.
 */
public final class ConnectorBundle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorBundle.class);
  private final BundleSignature signature;
  private final List<ConnectorProvider> providers;
  private final URLClassLoader loader;
  private final Path verifiedCopy;

  ConnectorBundle(BundleSignature signature, List<ConnectorProvider> providers, URLClassLoader loader,
      Path verifiedCopy) {
    this.signature = signature;
    this.providers = List.copyOf(providers);
    this.loader = loader;
    this.verifiedCopy = verifiedCopy;
  }

  /** The verified signature: which trusted key signed which digest. */
  public BundleSignature signature() {
    return signature;
  }

  /** The bundle's providers, never empty. */
  public List<ConnectorProvider> providers() {
    return providers;
  }

  @Override
  public void close() {
    try {
      loader.close();
      Files.deleteIfExists(verifiedCopy);
    } catch (IOException e) {
      LOG.warn("releasing connector bundle {} failed ({})", signature.sha256(), e.getClass().getName());
    }
  }
}
