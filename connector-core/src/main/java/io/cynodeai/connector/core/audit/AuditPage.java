package io.cynodeai.connector.core.audit;

import io.cynodeai.connector.api.audit.AuditEvent;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of audit events, oldest first, and the cursor of the next page ({@code null} on the last page).
 * Immutable.
 */
public record AuditPage(List<AuditEvent> events, @Nullable String nextCursor) {
  public AuditPage {
    events = List.copyOf(events);
  }

  /** The cursor to pass to {@link AuditQuery#after(String)} for the next page, empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
