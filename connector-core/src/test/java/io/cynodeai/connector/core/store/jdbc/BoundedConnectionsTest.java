package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.StoreTimeout;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store call on a HikariCP pool whose only connection is taken, with the pool's default 30 s connection
 * timeout: the borrow gives up at the store timeout bound to the thread, typed, and leaves the thread's
 * interrupt status as it found it.
 */
class BoundedConnectionsTest {
  @TempDir Path dir;
  private HikariDataSource pool;
  private JdbcDatabase database;

  @BeforeEach
  void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("bounded") + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
    assertThat(pool.getConnectionTimeout()).isEqualTo(30_000);
    database = JdbcDatabase.open(pool);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  private int selectOne() {
    return database.withConnection("selecting one", c -> JdbcDatabase.queryOne(c, "SELECT 1", rs -> rs.getInt(1)));
  }

  @Test
  void aBorrowFromAnExhaustedPoolFailsAtTheBoundNotThePoolsTimeout() throws Exception {
    try (Connection taken = pool.getConnection();
        StoreTimeout.Scope bound = StoreTimeout.bind(Duration.ofMillis(300))) {
      long start = System.nanoTime();
      assertThatThrownBy(this::selectOne).isInstanceOf(StoreException.class)
          .hasMessage("selecting one failed: no database connection within the store timeout of 300 ms");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(tookMs).isBetween(250L, 1_300L);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
    assertThat(selectOne()).isEqualTo(1); // the connection is back: the next call works
  }

  @Test
  void anInterruptTheCallerAlreadyHadSurvivesTheBorrow() {
    Thread.currentThread().interrupt();
    try {
      assertThat(selectOne()).isEqualTo(1);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void statementsCarryTheBoundAsTheirQueryTimeoutRoundedUpToSeconds() {
    try (StoreTimeout.Scope bound = StoreTimeout.bind(Duration.ofMillis(1_200))) {
      assertThat(queryTimeout()).isEqualTo(2);
    }
    assertThat(queryTimeout()).isEqualTo(5); // StoreTimeout.DEFAULT
  }

  private Integer queryTimeout() {
    return database.withConnection("reading the timeout", c -> {
      try (java.sql.PreparedStatement ps = JdbcDatabase.prepare(c, "SELECT 1")) {
        return ps.getQueryTimeout();
      }
    });
  }
}
