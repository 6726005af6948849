package io.cynodeai.connector.core.internal.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery's headers as the verifier reads them: the first value of a header, its name matched ignoring
 * case, read straight from the host's map. Verification looks up three or four names, so scanning the (small)
 * map for each costs less than building a lower-cased copy of it, which only a verified delivery gets (as its
 * {@link io.cynodeai.connector.spi.webhook.WebhookRequest}). Immutable when the map is.
 */
final class DeliveryHeaders {
  private final Map<String, List<String>> headers;

  DeliveryHeaders(Map<String, List<String>> headers) {
    this.headers = headers;
  }

  /**
   * The first value of the header named {@code name} exactly, or else of the first header named {@code name} in
   * another case that has a value.
   */
  Optional<String> header(String name) {
    List<String> exact = headers.get(name); // most hosts pass the names as the scheme spells them: one probe
    if (exact != null && !exact.isEmpty()) {
      return Optional.of(exact.get(0));
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      List<String> values = e.getValue();
      if (!values.isEmpty() && e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(values.get(0));
      }
    }
    return Optional.empty();
  }
}
