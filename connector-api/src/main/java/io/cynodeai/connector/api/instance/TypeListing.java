package io.cynodeai.connector.api.instance;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Refusal;
import java.util.List;
import java.util.Objects;

/** What asking for the engine's connector types came to ({@code connector.catalog.read}). Immutable. */
public sealed interface TypeListing {

  /** The registered types the caller may see, as {@code name@version}, sorted. */
  record Listed(List<String> coordinates) implements TypeListing {
    public Listed {
      coordinates = List.copyOf(coordinates);
    }
  }

  /** The caller may not read the catalog ({@code policy_denied}). */
  record Refused(Failed failure) implements TypeListing, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
