package io.cynodeai.connector.reference.http;

import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that carry the instance's credentials, built for one call from its credential lease: each of
 * {@code credentialHeaders} with the value of its credential key, and {@code authorization: Bearer} with the
 * {@code bearerTokenKey}. The configuration names the keys only, so no secret is stored in it. Stateless.
 */
final class CredentialHeaders {
  private CredentialHeaders() {}

  /**
   * The credential headers of one call; empty (and nothing leased) when the configuration sends none.
   *
   * @throws ProviderException {@code credentials_missing} (permanent) if the instance has no credentials or
   *     lacks a key the configuration names; the message names the key, never a value
   */
  static Map<String, String> of(HttpConfig config, CredentialAccess credentials) {
    if (!config.sendsCredentials()) {
      return Map.of();
    }
    CredentialLease lease = credentials.lease().orElseThrow(() -> ProviderException.permanentFailure(
        "credentials_missing", "the configuration sends credential headers but the instance has no credentials",
        null));
    Map<String, String> out = new LinkedHashMap<>();
    config.credentialHeaders().forEach((header, key) -> out.put(header, value(lease, key)));
    if (config.bearerTokenKey() != null) {
      out.put("authorization", "Bearer " + value(lease, config.bearerTokenKey()));
    }
    return out;
  }

  private static String value(CredentialLease lease, String key) {
    if (!lease.keys().contains(key)) {
      throw ProviderException.permanentFailure("credentials_missing", "the instance has no credential '" + key
          + "' that the configuration names", null);
    }
    return new String(lease.secret(key)); // the HTTP client takes header values as strings
  }
}
