package io.cynodeai.connector.spi;

import java.net.http.HttpClient;
import javax.net.SocketFactory;

/**
 * The only sanctioned way for a connector to reach the network (§7). Transports obtained here enforce the
 * instance's egress rules; a connector must not open sockets or create HTTP clients of its own.
 */
public interface NetworkAccess {

  /** An HTTP client for this instance. Redirects are not followed. */
  HttpClient httpClient();

  /** A socket factory for protocols other than HTTP (IMAP, SMTP, ...). */
  SocketFactory socketFactory();
}
