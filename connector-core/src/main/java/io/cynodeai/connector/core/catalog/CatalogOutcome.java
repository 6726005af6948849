package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Refusal;
import java.util.Objects;

/**
 * The result of a catalog change: applied, with the stored value, or rejected with a typed failure ({@code
 * policy_denied}, {@code validation_error}) and nothing changed. Either way the request was audited.
 *
 * @param <T> the changed value's type
 */
public sealed interface CatalogOutcome<T> {
  /** The change was stored. */
  record Applied<T>(T value) implements CatalogOutcome<T> {
    public Applied {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The change was refused; nothing was stored. */
  record Refused<T>(Failed failure) implements CatalogOutcome<T>, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
