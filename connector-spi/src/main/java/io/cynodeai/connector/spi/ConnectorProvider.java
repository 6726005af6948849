package io.cynodeai.connector.spi;

/**
 * The entry point of a connector, discovered with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.cynodeai.connector.spi.ConnectorProvider}.
 *
 * <p>The engine calls {@link #type()} once, when it registers the provider, and validates the returned
 * descriptor; a malformed descriptor is refused with a message naming the type, version and field. The
 * provider must have a public no-argument constructor and must not open connections or threads when
 * constructed.
 */
public interface ConnectorProvider {

  /** The connector type this provider implements. */
  ConnectorType type();
}
