package io.cynodeai.connector.core.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves host names for the egress guard, which then checks every address and connects to the one it
 * checked (so DNS is consulted once per connection, and a rebinding answer cannot slip in between the check
 * and the connect). Called on the connector's thread for each new connection; may block; must be
 * thread-safe. Only ever given syntactically valid, lower-case ASCII host names, never IP literals.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * The addresses of {@code host}.
   *
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
