package io.cynodeai.connector.core.egress;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown by a guarded transport, before any connection is made, when a destination breaks the instance's
 * egress rules. It is an {@link IOException} so that it travels through HTTP and socket APIs unchanged; the
 * engine reports it as {@code policy_denied} / {@code egress_denied}. The message names the scheme, host and
 * port and the rule that refused them, never a path, query or user info.
 */
public final class EgressDeniedException extends IOException {
  private final EgressDenial denial;

  public EgressDeniedException(EgressDenial denial) {
    super("egress denied: " + Objects.requireNonNull(denial, "denial").message());
    this.denial = denial;
  }

  public EgressDenial denial() {
    return denial;
  }
}
