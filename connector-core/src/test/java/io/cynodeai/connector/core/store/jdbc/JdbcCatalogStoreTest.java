package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.catalog.CatalogEntry;
import io.cynodeai.connector.core.catalog.CatalogOutcome;
import io.cynodeai.connector.core.catalog.CatalogStore;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.FeatureFlag;
import io.cynodeai.connector.core.catalog.SecurityReview;
import io.cynodeai.connector.core.catalog.SupplyChainEvidence;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog kept in a database (V8): it round-trips, and an engine on a reopened database enforces it. */
@Tag("REQ-GOV-002")
class JdbcCatalogStoreTest {
  private static final Caller DEV = Caller.user("dev", "p");
  private static final Caller SEC = Caller.user("sec", "p");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00.123456Z"), ZoneOffset.UTC);
  private static final ConnectorType TYPE = ConnectorType.builder("kv", "2.0.0")
      .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
      .operation(OperationDescriptor.builder("get").modes(ExecutionMode.SYNC)
          .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .handler((ctx, input) -> HandlerResult.of(JsonResources.parse("{\"v\":1}"))))
      .build();

  private static ConnectorCatalog catalog(CatalogStore store) {
    return ConnectorCatalog.create(store, PolicyEngine.allowAll(), e -> { }, CLOCK);
  }

  private static <T> T applied(CatalogOutcome<T> outcome) {
    assertThat(outcome).isInstanceOf(CatalogOutcome.Applied.class);
    return ((CatalogOutcome.Applied<T>) outcome).value();
  }

  /** Fills the catalog through its API and checks that a second store instance reads back exactly that. */
  private static void roundTrips(CatalogStore store, CatalogStore reread) {
    ConnectorCatalog catalog = catalog(store);
    applied(catalog.submit(TYPE, DEV));
    applied(catalog.recordReview("kv", "2.0.0", SecurityReview.Verdict.FAILED, "logs tokens", SEC));
    applied(catalog.recordReview("kv", "2.0.0", SecurityReview.Verdict.PASSED, "fixed", SEC));
    applied(catalog.approve("kv", "2.0.0", "ok", SEC));
    CatalogEntry deprecated = applied(catalog.deprecate("kv", "2.0.0", LocalDate.parse("2027-03-01"), "kv@3.0.0",
        SEC));
    applied(catalog.submit("kv", "3.0.0", DEV));
    FeatureFlag flag = applied(catalog.setFlag("kv", "2.0.0", FeatureFlag.Scope.GROUP, "beta", false, SEC));
    applied(catalog.setFlag("kv", "2.0.0", FeatureFlag.Scope.GROUP, "beta", true, SEC));
    applied(catalog.submitUntrusted("kv", "4.0.0", DEV));
    String sha = "ab".repeat(32);
    CatalogEntry untrusted = applied(catalog.recordReview("kv", "4.0.0", SecurityReview.Verdict.PASSED, "ok",
        new SupplyChainEvidence(new SupplyChainEvidence.Check(sha, true, "no blocking finding"),
            new SupplyChainEvidence.Check(sha, false, "failed: a:b:1 denied")), SEC));

    assertThat(reread.find("kv", "2.0.0")).contains(deprecated);
    assertThat(reread.find("kv", "9")).isEmpty();
    assertThat(reread.find("kv", "4.0.0")).contains(untrusted);
    assertThat(untrusted.untrusted()).isTrue();
    assertThat(reread.entries()).extracting(CatalogEntry::coordinates)
        .containsExactly("kv@2.0.0", "kv@3.0.0", "kv@4.0.0");
    assertThat(reread.flags()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(flag.key());
      assertThat(f.enabled()).isTrue();
    });
  }

  @Test
  void theCatalogRoundTripsOnH2AndAnEngineOnTheReopenedFileEnforcesIt(@TempDir Path dir) {
    Path file = dir.resolve("catalog");
    try (Stores stores = Stores.h2(file)) {
      roundTrips(new JdbcCatalogStore(stores.database()), new JdbcCatalogStore(stores.database()));
    }
    try (Stores stores = Stores.h2(file); ConnectorEngine engine = ConnectorEngines.builder().register(TYPE)
        .policy(PolicyEngine.allowAll()).stores(stores).catalog(catalog(new JdbcCatalogStore(stores.database())))
        .build()) {
      assertThat(new Migrations(stores.database()).applied()).contains(8);
      LifecycleOutcome refused = engine.instances().install(InstanceDefinition.builder("k1", "kv")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("dev")).projectId("p").build(), DEV);
      assertThat(((LifecycleOutcome.Refused) refused).failure().code()).as("deprecated: no new instances")
          .isEqualTo("type_deprecated");
    }
  }

  @Test
  void theCatalogRoundTripsOnPostgres() {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("catalog"); Stores stores = Stores.postgres(ds)) {
      roundTrips(new JdbcCatalogStore(stores.database()), new JdbcCatalogStore(stores.database()));
      ConnectorCatalog catalog = catalog(new JdbcCatalogStore(stores.database()));
      applied(catalog.retire("kv", "2.0.0", "sunset", SEC));
      try (ConnectorEngine engine = ConnectorEngines.builder().register(TYPE).policy(PolicyEngine.allowAll())
          .catalog(catalog(new JdbcCatalogStore(stores.database()))).build()) {
        LifecycleOutcome refused = engine.instances().install(InstanceDefinition.builder("k1", "kv")
            .config(JsonResources.parse("{}")).owner(OwnerScope.user("dev")).projectId("p").build(), DEV);
        assertThat(((LifecycleOutcome.Refused) refused).failure().code()).isEqualTo("type_retired");
      }
    }
  }
}
