package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.audit.AuditPage;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.audit.AuditStore;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queryable audit store (§10.1) in the {@code connector_audit_events} table of a {@link JdbcDatabase}
 * (migration {@code V3__audit.sql}): each event is one row, its JSON document plus the columns it is queried
 * by (timestamp to the microsecond, instance, user, project). Paging is by keyset (timestamp, insertion
 * sequence), so a page is stable while events keep arriving. Implements the audit retention (§12): the
 * engine's retention task deletes events older than the policy.
 *
 * <p>{@link #record} inserts on the calling thread (one short statement); inside a {@linkplain
 * JdbcDatabase#inUnitOfWork unit of work} the row is queued and written with the unit's other audit rows as one
 * JDBC batch at its commit (and dropped with the unit's other writes if it rolls back). A failing database is
 * logged and the event lost, never the call failed. Hosts that want the insert off the invoking thread wrap it: {@code
 * CallbackAuditSink.of(store::record, capacity)}. Events never carry secrets, so the table holds none.
 * Thread-safe.
 */
public final class JdbcAuditStore implements AuditStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditStore.class);
  private static final String COLUMNS = "seq, occurred_at_us, body";
  private final JdbcDatabase db;

  public JdbcAuditStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    db.insertLater("recording an audit event", "INSERT INTO connector_audit_events (occurred_at_us, event_type,"
        + " action, outcome, instance_id, user_id, project_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        e -> LOG.error("audit event {} {} was not stored: {}", event.type(), event.action(), e.getMessage()),
        micros(event.timestamp()), event.type().name(), clip(event.action(), 128), clip(event.outcome(), 64),
        event.connectorInstanceId(), event.userId(), event.projectId(), JsonDocuments.write(event));
  }

  /**
   * @throws StoreException if the database cannot be reached
   * @throws IllegalArgumentException if the query's cursor was not made by this store
   */
  @Override
  public AuditPage query(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM connector_audit_events WHERE occurred_at_us >= ? AND occurred_at_us < ?");
    List<Object> params = new ArrayList<>(List.of(micros(query.from()), micros(query.to())));
    filter(sql, params, "instance_id", query.instanceId());
    filter(sql, params, "user_id", query.userId());
    filter(sql, params, "project_id", query.projectId());
    if (query.after() != null) {
      long[] cursor = parseCursor(query.after());
      sql.append(" AND (occurred_at_us > ? OR (occurred_at_us = ? AND seq > ?))");
      params.addAll(List.of(cursor[0], cursor[0], cursor[1]));
    }
    sql.append(" ORDER BY occurred_at_us, seq LIMIT ?");
    params.add(query.limit() + 1);
    List<Row> rows = db.withConnection("querying audit events", c ->
        JdbcDatabase.query(c, sql.toString(), rs -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3)),
            params.toArray()));
    boolean more = rows.size() > query.limit();
    List<Row> page = more ? rows.subList(0, query.limit()) : rows;
    List<AuditEvent> events = page.stream().map(r -> JsonDocuments.read(r.body(), AuditEvent.class)).toList();
    String next = more ? page.get(page.size() - 1).cursor() : null;
    return new AuditPage(events, next);
  }

  @Override
  public long purgeBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    return db.withConnection("purging audit events", (Connection c) -> (long) JdbcDatabase.update(c,
        "DELETE FROM connector_audit_events WHERE occurred_at_us < ?", micros(cutoff)));
  }

  private static void filter(StringBuilder sql, List<Object> params, String column, @Nullable String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      params.add(value);
    }
  }

  /** Epoch microseconds, rounded up, so that {@code >= micros(from)} never admits an event before from. */
  private static long micros(Instant t) {
    long us = ChronoUnit.MICROS.between(Instant.EPOCH, t);
    return Instant.EPOCH.plus(us, ChronoUnit.MICROS).isBefore(t) ? us + 1 : us;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static long[] parseCursor(String cursor) {
    int colon = cursor.indexOf(':');
    try {
      return new long[] {Long.parseLong(cursor.substring(0, colon)), Long.parseLong(cursor.substring(colon + 1))};
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + cursor + "' is not an audit page cursor");
    }
  }

  private record Row(long seq, long occurredAtUs, String body) {
    String cursor() {
      return occurredAtUs + ":" + seq;
    }
  }
}
