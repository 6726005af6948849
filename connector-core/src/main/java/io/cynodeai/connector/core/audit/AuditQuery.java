package io.cynodeai.connector.core.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which audit events to read from an {@link AuditStore}: those whose timestamp is in {@code [from, to)},
 * optionally of one instance, user or project, at most {@code limit} per page, after the page cursor {@code
 * after} (from {@link AuditPage#next()}). Events come oldest first. Immutable.
 *
 * @param from the earliest timestamp, inclusive
 * @param to the latest timestamp, exclusive
 * @param instanceId only events of this connector instance, or null for any
 * @param userId only events of this user, or null for any
 * @param projectId only events of this project, or null for any
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param after the cursor of the previous page, or null for the first page
 */
public record AuditQuery(Instant from, Instant to, @Nullable String instanceId, @Nullable String userId,
    @Nullable String projectId, int limit, @Nullable String after) {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;
  /** The page size of {@link #between}. */
  public static final int DEFAULT_LIMIT = 100;

  public AuditQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** Every event in {@code [from, to)}, {@value #DEFAULT_LIMIT} per page. */
  public static AuditQuery between(Instant from, Instant to) {
    return new AuditQuery(from, to, null, null, null, DEFAULT_LIMIT, null);
  }

  public AuditQuery withInstance(@Nullable String id) {
    return new AuditQuery(from, to, id, userId, projectId, limit, after);
  }

  public AuditQuery withUser(@Nullable String id) {
    return new AuditQuery(from, to, instanceId, id, projectId, limit, after);
  }

  public AuditQuery withProject(@Nullable String id) {
    return new AuditQuery(from, to, instanceId, userId, id, limit, after);
  }

  public AuditQuery withLimit(int pageSize) {
    return new AuditQuery(from, to, instanceId, userId, projectId, pageSize, after);
  }

  /** The same query, continuing after {@code cursor} (a page's {@link AuditPage#next()}). */
  public AuditQuery after(@Nullable String cursor) {
    return new AuditQuery(from, to, instanceId, userId, projectId, limit, cursor);
  }
}
