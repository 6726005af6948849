package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.WebhookStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Keeps webhook state in tables {@code connector_webhook_events}, {@code connector_webhook_subscriptions} and
 * {@code connector_webhook_secrets} (migration {@code V7__webhooks.sql}). A claim is an INSERT, so one of any
 * number of concurrent claims of an event id wins across nodes; taking over a lapsed claim is a conditional
 * UPDATE. Claim locks and delivery records expire by the database's clock. Thread-safe.
 */
public final class JdbcWebhookStore implements WebhookStore {
  private static final String NOW = JdbcDatabase.NOW_MS;
  private final JdbcDatabase db;

  public JdbcWebhookStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Claim claim(String instanceId, String subscription, String eventId, Duration lock) {
    long lockMs = Math.max(1, lock.toMillis());
    return db.withConnection("claiming a webhook event", c -> {
      for (int round = 0; round < 3; round++) {
        try {
          JdbcDatabase.update(c, "INSERT INTO connector_webhook_events (instance_id, subscription, event_id,"
              + " delivered, expires_at) VALUES (?, ?, ?, FALSE, " + NOW + " + ?)", instanceId, subscription,
              eventId, lockMs);
          return Claim.CLAIMED;
        } catch (SQLException e) {
          if (!JdbcDatabase.isDuplicateKey(e)) {
            throw e;
          }
        }
        if (JdbcDatabase.update(c, "UPDATE connector_webhook_events SET delivered = FALSE, expires_at = " + NOW
            + " + ? WHERE instance_id = ? AND subscription = ? AND event_id = ? AND expires_at < " + NOW, lockMs,
            instanceId, subscription, eventId) == 1) {
          return Claim.CLAIMED;
        }
        Boolean delivered = JdbcDatabase.queryOne(c, "SELECT delivered FROM connector_webhook_events WHERE"
            + " instance_id = ? AND subscription = ? AND event_id = ?", rs -> rs.getBoolean(1), instanceId,
            subscription, eventId);
        if (delivered != null) {
          return delivered ? Claim.DELIVERED : Claim.IN_FLIGHT;
        }
      }
      throw new SQLException("webhook event record kept changing under concurrent writes");
    });
  }

  @Override
  public void complete(String instanceId, String subscription, String eventId, Duration ttl) {
    db.withConnection("recording a delivered webhook event", c -> JdbcDatabase.update(c,
        "UPDATE connector_webhook_events SET delivered = TRUE, expires_at = " + NOW + " + ? WHERE instance_id = ?"
            + " AND subscription = ? AND event_id = ?", Math.max(1, ttl.toMillis()), instanceId, subscription,
        eventId));
  }

  @Override
  public void release(String instanceId, String subscription, String eventId) {
    db.withConnection("releasing a webhook event", c -> JdbcDatabase.update(c, "DELETE FROM"
        + " connector_webhook_events WHERE instance_id = ? AND subscription = ? AND event_id = ? AND delivered ="
        + " FALSE", instanceId, subscription, eventId));
  }

  @Override
  public int purgeExpired() {
    return db.withConnection("purging webhook events", c -> JdbcDatabase.update(c,
        "DELETE FROM connector_webhook_events WHERE expires_at < " + NOW));
  }

  @Override
  public Optional<Subscription> subscription(String instanceId, String subscription) {
    return Optional.ofNullable(db.withConnection("reading a webhook subscription", c -> JdbcDatabase.queryOne(c,
        "SELECT enabled, provider_id, expires_at FROM connector_webhook_subscriptions WHERE instance_id = ? AND"
            + " subscription = ?", rs -> {
              long expires = rs.getLong(3);
              Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
              return new Subscription(instanceId, subscription, rs.getBoolean(1), rs.getString(2), at);
            }, instanceId, subscription)));
  }

  @Override
  public void putSubscription(Subscription s) {
    @Nullable Long expires = s.expiresAt() == null ? null : s.expiresAt().toEpochMilli();
    db.withConnection("storing a webhook subscription", c -> {
      for (int round = 0; round < 3; round++) {
        if (JdbcDatabase.update(c, "UPDATE connector_webhook_subscriptions SET enabled = ?, provider_id = ?,"
            + " expires_at = ? WHERE instance_id = ? AND subscription = ?", s.enabled(), s.providerId(), expires,
            s.instanceId(), s.subscription()) == 1) {
          return null;
        }
        try {
          JdbcDatabase.update(c, "INSERT INTO connector_webhook_subscriptions (instance_id, subscription, enabled,"
              + " provider_id, expires_at) VALUES (?, ?, ?, ?, ?)", s.instanceId(), s.subscription(), s.enabled(),
              s.providerId(), expires);
          return null;
        } catch (SQLException e) {
          if (!JdbcDatabase.isDuplicateKey(e)) {
            throw e;
          }
        }
      }
      throw new SQLException("webhook subscription kept changing under concurrent writes");
    });
  }

  @Override
  public List<SealedSecret> secrets(String instanceId, String subscription) {
    return db.withConnection("reading webhook secrets", c -> readSecrets(c, instanceId, subscription));
  }

  private static List<SealedSecret> readSecrets(Connection c, String instanceId, String subscription)
      throws SQLException {
    return JdbcDatabase.query(c, "SELECT version, sealed, revealed, retires_at FROM connector_webhook_secrets"
        + " WHERE instance_id = ? AND subscription = ? ORDER BY version DESC", rs -> {
          long retires = rs.getLong(4);
          Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(retires);
          return new SealedSecret(instanceId, subscription, rs.getInt(1), rs.getString(2), rs.getBoolean(3), at);
        }, instanceId, subscription);
  }

  @Override
  public boolean addFirstSecret(String instanceId, String subscription, String sealed) {
    return db.withConnection("storing a webhook secret", c -> {
      if (!readSecrets(c, instanceId, subscription).isEmpty()) {
        return false;
      }
      try {
        JdbcDatabase.update(c, "INSERT INTO connector_webhook_secrets (instance_id, subscription, version, sealed,"
            + " revealed, retires_at) VALUES (?, ?, 1, ?, FALSE, NULL)", instanceId, subscription, sealed);
        return true;
      } catch (SQLException e) {
        if (JdbcDatabase.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  public int rotateSecret(String instanceId, String subscription, IntFunction<String> seal, Instant retireOthersAt,
      Instant now) {
    for (int round = 0; round < 5; round++) {
      try {
        return db.inTransaction("rotating a webhook secret", c -> {
        Integer max = JdbcDatabase.queryOne(c, "SELECT MAX(version) FROM connector_webhook_secrets WHERE"
            + " instance_id = ? AND subscription = ?", rs -> rs.getObject(1) == null ? 0 : rs.getInt(1),
            instanceId, subscription);
        int next = (max == null ? 0 : max) + 1;
        JdbcDatabase.update(c, "UPDATE connector_webhook_secrets SET retires_at = ? WHERE instance_id = ? AND"
            + " subscription = ? AND retires_at IS NULL", retireOthersAt.toEpochMilli(), instanceId, subscription);
        JdbcDatabase.update(c, "DELETE FROM connector_webhook_secrets WHERE instance_id = ? AND subscription = ?"
            + " AND retires_at < ?", instanceId, subscription, now.toEpochMilli());
        try {
          JdbcDatabase.update(c, "INSERT INTO connector_webhook_secrets (instance_id, subscription, version,"
              + " sealed, revealed, retires_at) VALUES (?, ?, ?, ?, FALSE, NULL)", instanceId, subscription, next,
              seal.apply(next));
        } catch (SQLException e) {
          if (JdbcDatabase.isDuplicateKey(e)) {
            throw new RetryableConflict();
          }
          throw e;
        }
        return next;
        });
      } catch (RetryableConflict e) {
        // another node stored that version first: read the new maximum and try again
      }
    }
    throw new io.cynodeai.connector.api.store.StoreException("rotating a webhook secret failed: concurrent"
        + " rotations kept colliding", null);
  }

  /** Another node stored the same version first; the transaction is rolled back and tried again. */
  private static final class RetryableConflict extends RuntimeException {
    RetryableConflict() {
      super(null, null, false, false);
    }
  }

  @Override
  public boolean markRevealed(String instanceId, String subscription, int version) {
    return db.withConnection("marking a webhook secret revealed", c -> JdbcDatabase.update(c,
        "UPDATE connector_webhook_secrets SET revealed = TRUE WHERE instance_id = ? AND subscription = ? AND"
            + " version = ? AND revealed = FALSE", instanceId, subscription, version) == 1);
  }

  @Override
  public void deleteAll(String instanceId) {
    db.inTransaction("deleting webhook state", c -> {
      JdbcDatabase.update(c, "DELETE FROM connector_webhook_secrets WHERE instance_id = ?", instanceId);
      JdbcDatabase.update(c, "DELETE FROM connector_webhook_subscriptions WHERE instance_id = ?", instanceId);
      return JdbcDatabase.update(c, "DELETE FROM connector_webhook_events WHERE instance_id = ?", instanceId);
    });
  }

  @Override
  public boolean holdsSecrets(String instanceId) {
    return db.withConnection("checking webhook secrets", c -> JdbcDatabase.queryOne(c,
        "SELECT 1 FROM connector_webhook_secrets WHERE instance_id = ?", rs -> Boolean.TRUE, instanceId) != null);
  }
}
