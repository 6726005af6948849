package io.cynodeai.connector.core.ratelimit;

import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Token buckets and provider quota state in a database shared by several engine nodes, so the limits are
 * cluster-wide (§6). Each acquisition is one short transaction that locks the bucket's row ({@code SELECT ..
 * FOR UPDATE}), refills it by the time elapsed and takes a token; nodes should keep their clocks in sync
 * (NTP), since the refill uses the caller's clock (a clock behind the stored time refills nothing). Runs on
 * PostgreSQL and H2. Its two tables are created by the JDBC stores' migration {@code V4__rate_limits.sql}:
 * get one from {@code Stores.rateLimiter()}, or construct it on a data source that a {@code JdbcDatabase}
 * has opened.
 *
 * <p>Thread-safe. A database failure throws a {@link StoreException}, which the engine answers as a transient
 * {@code store_unavailable} failure of the call. On a {@link JdbcDatabase} every query is bounded by the
 * engine's store timeout (the call's timeout) whatever the pool's settings, as the stores' own queries are; on
 * a bare {@link DataSource} by the pool's settings only.
 */
public final class JdbcRateLimiter implements RateLimiter, ProviderQuota {
  private static final String BUCKETS = "connector_rate_bucket";
  private static final String QUOTA = "connector_provider_quota";
  private final DataSource dataSource;
  private final Connections connections;

  /** Where the limiter's connections come from. */
  @FunctionalInterface
  private interface Connections {
    Connection get() throws SQLException;
  }

  /** A limiter on a data source whose schema the JDBC stores' migrations manage, bounded by the pool only. */
  public JdbcRateLimiter(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.connections = dataSource::getConnection;
  }

  /** A limiter in an opened store database; each query is bounded by the engine's store timeout. */
  public JdbcRateLimiter(JdbcDatabase database) {
    this.dataSource = database.dataSource();
    this.connections = database::borrow;
  }

  /**
   * Creates the limiter's tables if they do not exist, for a database the JDBC stores do not manage. The
   * tables are the same as the migration's, so a database set up either way works with the other.
   *
   * @deprecated the stores' migrations create the tables; use {@code Stores.rateLimiter()}
   */
  @Deprecated
  public JdbcRateLimiter createTables() {
    try (Connection c = connections.get(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + BUCKETS + " (bucket_key VARCHAR(512) PRIMARY KEY, "
          + "tokens DOUBLE PRECISION NOT NULL, refilled_at_ms BIGINT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS " + QUOTA + " (instance_id VARCHAR(512) PRIMARY KEY, "
          + "blocked_until_ms BIGINT NOT NULL)");
      return this;
    } catch (SQLException e) {
      throw new ConnectorException("cannot create the rate limiter tables", e);
    }
  }

  @Override
  public Admission tryAcquire(String key, RateLimitPolicy limit, Instant now) {
    if (limit.isUnlimited()) {
      return Admission.ADMITTED;
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return acquire(key, limit, now);
      } catch (SQLException e) {
        // two nodes creating the same bucket at once: one insert loses; the retry finds the row
        if (attempt > 0 || !isDuplicateKey(e)) {
          throw new StoreException("rate limiter query failed (" + e.getSQLState() + "): " + e.getMessage(), e);
        }
      }
    }
  }

  private Admission acquire(String key, RateLimitPolicy limit, Instant now) throws SQLException {
    try (Connection c = connections.get()) {
      c.setAutoCommit(false);
      try {
        Admission result = acquireIn(c, key, limit, now);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Admission acquireIn(Connection c, String key, RateLimitPolicy limit, Instant now)
      throws SQLException {
    double tokens;
    Instant at;
    try (PreparedStatement select = c.prepareStatement(
        "SELECT tokens, refilled_at_ms FROM " + BUCKETS + " WHERE bucket_key = ? FOR UPDATE")) {
      select.setString(1, key);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          try (PreparedStatement insert = c.prepareStatement(
              "INSERT INTO " + BUCKETS + " (bucket_key, tokens, refilled_at_ms) VALUES (?, ?, ?)")) {
            insert.setString(1, key);
            insert.setDouble(2, TokenBuckets.capacity(limit) - 1);
            insert.setLong(3, now.toEpochMilli());
            insert.executeUpdate();
          }
          return Admission.ADMITTED;
        }
        tokens = rs.getDouble(1);
        at = Instant.ofEpochMilli(rs.getLong(2));
      }
    }
    double available = TokenBuckets.refill(tokens, at, now, limit);
    Instant stamp = now.isAfter(at) ? now : at;
    boolean admitted = available >= 1;
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE " + BUCKETS + " SET tokens = ?, refilled_at_ms = ? WHERE bucket_key = ?")) {
      update.setDouble(1, admitted ? available - 1 : available);
      update.setLong(2, stamp.toEpochMilli());
      update.setString(3, key);
      update.executeUpdate();
    }
    return admitted ? Admission.ADMITTED : new Admission.Limited(TokenBuckets.untilOneToken(available, limit));
  }

  @Override
  public void refund(String key, RateLimitPolicy limit) {
    update("UPDATE " + BUCKETS + " SET tokens = LEAST(tokens + 1, ?) WHERE bucket_key = ?",
        TokenBuckets.capacity(limit), key);
  }

  @Override
  public void blockUntil(String instanceId, Instant until) {
    long ms = until.toEpochMilli();
    for (int attempt = 0; ; attempt++) {
      if (update("UPDATE " + QUOTA + " SET blocked_until_ms = GREATEST(blocked_until_ms, ?) WHERE instance_id = ?",
          ms, instanceId) > 0) {
        return;
      }
      try (Connection c = connections.get(); PreparedStatement insert = c.prepareStatement(
          "INSERT INTO " + QUOTA + " (instance_id, blocked_until_ms) VALUES (?, ?)")) {
        insert.setString(1, instanceId);
        insert.setLong(2, ms);
        insert.executeUpdate();
        return;
      } catch (SQLException e) {
        if (attempt > 0 || !isDuplicateKey(e)) {
          throw new StoreException("provider quota update failed (" + e.getSQLState() + "): " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public Optional<Instant> blockedUntil(String instanceId, Instant now) {
    try (Connection c = connections.get(); PreparedStatement select = c.prepareStatement(
        "SELECT blocked_until_ms FROM " + QUOTA + " WHERE instance_id = ? AND blocked_until_ms > ?")) {
      select.setString(1, instanceId);
      select.setLong(2, now.toEpochMilli());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("provider quota query failed (" + e.getSQLState() + "): " + e.getMessage(), e);
    }
  }

  /** Forgets buckets untouched for longer than {@code idle} (they would be full again anyway). */
  public int removeIdleBuckets(Instant now, Duration idle) {
    return update("DELETE FROM " + BUCKETS + " WHERE refilled_at_ms < ?", now.minus(idle).toEpochMilli());
  }

  private int update(String sql, Object... args) {
    try (Connection c = connections.get(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("rate limiter update failed (" + e.getSQLState() + "): " + e.getMessage(), e);
    }
  }

  private static boolean isDuplicateKey(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }
}
