package io.cynodeai.connector.core.internal.egress;

import java.net.InetAddress;

/**
 * A destination that passed the egress checks, with the one address it was checked at: connections go to
 * {@code address} and nowhere else.
 *
 * @param scheme {@code https}, {@code http} or {@code tcp}
 * @param host the canonical host (name or literal), used for the Host header, SNI and hostname verification
 * @param address the checked address
 * @param port the port
 * @param named whether {@code host} is a name (rather than an IP literal)
 */
record PinnedTarget(String scheme, String host, InetAddress address, int port, boolean named) {

  boolean tls() {
    return scheme.equals("https");
  }
}
