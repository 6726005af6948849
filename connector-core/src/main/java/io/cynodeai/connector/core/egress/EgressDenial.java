package io.cynodeai.connector.core.egress;

import java.util.Objects;

/**
 * Why a destination was refused.
 *
 * @param reason a stable code: {@code scheme_not_allowed}, {@code userinfo_present}, {@code host_malformed},
 *     {@code host_not_allowed}, {@code address_forbidden}
 * @param scheme the requested scheme
 * @param host the requested host as given (never a path, query or user info)
 * @param port the requested port, or -1 if unknown
 * @param message a sentence for people
 */
public record EgressDenial(String reason, String scheme, String host, int port, String message) {
  public EgressDenial {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(message, "message");
  }
}
