package io.cynodeai.connector.spi;

import java.net.http.HttpClient;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The only sanctioned way for a connector to reach the network (§7). Transports obtained here enforce the
 * instance's egress rules; a connector must not open sockets or create HTTP clients of its own.
 */
public interface NetworkAccess {

  /** An HTTP client for this instance. Redirects are not followed. */
  HttpClient httpClient();

  /** A socket factory for protocols other than HTTP (IMAP, SMTP, ...). */
  SocketFactory socketFactory();

  /**
   * The TLS layer for sockets from {@link #socketFactory()}: wrap a connected socket with {@code
   * createSocket(socket, host, port, true)} (implicit TLS, or after a STARTTLS). It trusts the instance's
   * certificate authorities and presents its client certificate, as {@link #httpClient()} does; the caller
   * still checks the server's host name. This default is the JVM's factory (its default trust store, no
   * client certificate), for transports that have no TLS settings of their own.
   */
  default SSLSocketFactory tlsSocketFactory() {
    return (SSLSocketFactory) SSLSocketFactory.getDefault();
  }
}
