package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.DuplicateInstanceException;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JdbcDatabase#inUnitOfWork}: the instance, spec and audit stores write through one transaction, on H2
 * and on PostgreSQL.
 */
class UnitOfWorkTest {
  @TempDir
  static Path dir;
  private static Stores h2;
  private static HikariDataSource pgSource;
  private static Stores pg;

  @BeforeAll
  static void open() {
    h2 = Stores.h2(dir.resolve("uow"));
    pgSource = PostgresDatabases.newDatabase("uow", 8);
    pg = Stores.postgres(pgSource);
  }

  @AfterAll
  static void close() {
    h2.close();
    pg.close();
    pgSource.close();
  }

  private static Stores stores(String which) {
    return which.equals("h2") ? h2 : pg;
  }

  private static JdbcDatabase db(Stores stores) {
    return Objects.requireNonNull(stores.database());
  }

  private static AuditEvent event(String instanceId) {
    return AuditEvent.builder(AuditEventType.LIFECYCLE, Instant.now()).action("install").caller("u", "proj-a")
        .instance(instanceId, "http").succeeded().build();
  }

  private static List<AuditEvent> audited(Stores stores, String instanceId) {
    return Objects.requireNonNull(stores.audit()).query(AuditQuery.between(Instant.now().minusSeconds(600),
        Instant.now().plusSeconds(600)).withInstance(instanceId)).events();
  }

  /** The writes of one unit: an instance created and its status updated, a spec, an audit event. */
  private static void writeAll(Stores stores, String id) {
    stores.instances().create(StoreContract.instance(id));
    stores.instances().updateStatus(id, new StatusUpdate(InstanceStatus.ACTIVE, null, null, null));
    stores.specs().put(StoreContract.spec(id, "uid-" + id, "1", true));
    Objects.requireNonNull(stores.audit()).record(event(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aUnitCommitsEveryStoresWritesAtOnceAndOtherThreadsSeeThemOnlyThen(String which) {
    Stores stores = stores(which);
    String id = "uow-commit-" + which;
    boolean seenFromOutside = db(stores).inUnitOfWork("test", () -> {
      writeAll(stores, id);
      assertThat(db(stores).inUnitOfWork()).isTrue();
      assertThat(stores.instances().find(id)).isPresent(); // this thread reads its own writes
      return CompletableFuture.supplyAsync(() -> stores.instances().find(id).isPresent()
          || stores.specs().find(id).isPresent()).join();
    });
    assertThat(seenFromOutside).isFalse();
    assertThat(db(stores).inUnitOfWork()).isFalse();
    assertThat(stores.instances().find(id).orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(stores.specs().find(id)).isPresent();
    assertThat(audited(stores, id)).extracting(AuditEvent::action).containsExactly("install");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  @Tag("REQ-DECL-009")
  void aUnitThatThrowsLeavesNothingWrittenInAnyStore(String which) {
    Stores stores = stores(which);
    String id = "uow-rollback-" + which;
    stores.specs().put(StoreContract.spec(id, "uid-" + id, "1", true));
    assertThatThrownBy(() -> db(stores).inUnitOfWork("test", () -> {
      stores.instances().create(StoreContract.instance(id));
      stores.specs().put(StoreContract.spec(id, "uid-" + id, "2", false));
      Objects.requireNonNull(stores.audit()).record(event(id));
      throw new IllegalStateException("the batch failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("the batch failed");
    assertThat(stores.instances().find(id)).isEmpty();
    assertThat(stores.specs().find(id).orElseThrow().metadata().resourceVersion()).isEqualTo("1");
    assertThat(audited(stores, id)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aDuplicateKeyInsideAUnitIsAnAnswerAndTheUnitStillCommits(String which) {
    Stores stores = stores(which);
    String id = "uow-duplicate-" + which;
    db(stores).inUnitOfWork("test", () -> {
      stores.instances().create(StoreContract.instance(id));
      assertThatThrownBy(() -> stores.instances().create(StoreContract.instance(id)))
          .isInstanceOf(DuplicateInstanceException.class);
      stores.specs().put(StoreContract.spec(id, "uid-" + id, "1", true)); // PostgreSQL: not aborted
      return null;
    });
    assertThat(stores.instances().find(id)).isPresent();
    assertThat(stores.specs().find(id)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aUnitStartedInsideAnotherJoinsIt(String which) {
    Stores stores = stores(which);
    String id = "uow-nested-" + which;
    assertThatThrownBy(() -> db(stores).inUnitOfWork("outer", () -> {
      db(stores).inUnitOfWork("inner", () -> stores.instances().create(StoreContract.instance(id)));
      throw new IllegalStateException("outer failed");
    })).hasMessage("outer failed");
    assertThat(stores.instances().find(id)).isEmpty();
  }
}
