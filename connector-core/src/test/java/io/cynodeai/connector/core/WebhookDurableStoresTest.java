package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deduplication and secrets in a real database: two engine nodes sharing one PostgreSQL database (each
 * behind its own HTTP server) deliver an event once, whichever node the provider reaches; an H2 file keeps
 * them across a restart. The store's claim semantics are checked on both databases.
 */
class WebhookDurableStoresTest {
  private final LocalKeyManagementService kms = new LocalKeyManagementService("webhooks");
  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();

  private ConnectorEngine node(Stores stores) {
    return ConnectorEngines.builder().register(HmacHooks.type()).policy(PolicyEngine.allowAll()).stores(stores)
        .webhooks(WebhookConfig.builder(received::add).keys(kms).build()).build();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private char[] setUp(ConnectorEngine engine) {
    new EngineHarnessInstaller(engine).installEnabled("inst-1");
    engine.webhooks().enable("inst-1", "events", ALICE);
    return ((SecretOutcome.Issued) engine.webhooks().revealSecret("inst-1", "events", ALICE)).secret();
  }

  @Test
  @Tag("REQ-INBOUND-005")
  void twoNodesSharingOnePostgresDatabaseDeliverAnEventOnce() throws Exception {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("webhooks");
        Stores storesA = Stores.postgres(ds); Stores storesB = Stores.postgres(ds)) {
      ConnectorEngine a = node(storesA);
      ConnectorEngine b = node(storesB);
      try (a; b; HmacHooks.Host hostA = new HmacHooks.Host(a.webhooks());
          HmacHooks.Host hostB = new HmacHooks.Host(b.webhooks())) {
        char[] secret = setUp(a);
        String body = "{\"id\":\"pg-1\",\"type\":\"t\",\"data\":{}}";
        assertThat(hostA.signed("inst-1", "events", secret, now(), body).statusCode()).isEqualTo(200);
        assertThat(hostB.signed("inst-1", "events", secret, now(), body).statusCode())
            .as("node B verifies with the secret node A made, and knows the event").isEqualTo(200);
        assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("pg-1");
        assertThat(b.webhooks().revealSecret("inst-1", "events", ALICE)).isInstanceOf(SecretOutcome.Refused.class);
      }
      contract(storesA.webhooks());
    }
  }

  @Test
  @Tag("REQ-INBOUND-005")
  @Tag("REQ-DECL-006")
  void anH2FileKeepsDeliveredIdsAndSealedSecretsAcrossARestart(@TempDir Path dir) throws Exception {
    char[] secret;
    String body = "{\"id\":\"h2-1\",\"type\":\"t\",\"data\":{}}";
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine engine = node(stores);
        HmacHooks.Host host = new HmacHooks.Host(engine.webhooks())) {
      secret = setUp(engine);
      assertThat(host.signed("inst-1", "events", secret, now(), body).statusCode()).isEqualTo(200);
    }
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine engine = node(stores);
        HmacHooks.Host host = new HmacHooks.Host(engine.webhooks())) {
      assertThat(host.signed("inst-1", "events", secret, now(), body).statusCode()).isEqualTo(200);
      assertThat(host.signed("inst-1", "events", secret, now(), body.replace("h2-1", "h2-2")).statusCode())
          .isEqualTo(200);
      assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("h2-1", "h2-2");
      contract(stores.webhooks());
    }
  }

  /** Claim, complete, release, expiry and rotation semantics every store must have. */
  private static void contract(WebhookStore store) throws InterruptedException {
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).isEqualTo(WebhookStore.Claim.CLAIMED);
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).isEqualTo(WebhookStore.Claim.IN_FLIGHT);
    store.release("i", "s", "e1");
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).isEqualTo(WebhookStore.Claim.CLAIMED);
    store.complete("i", "s", "e1", Duration.ofHours(1));
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).isEqualTo(WebhookStore.Claim.DELIVERED);
    store.release("i", "s", "e1");
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).as("a delivered id is not released")
        .isEqualTo(WebhookStore.Claim.DELIVERED);
    assertThat(store.claim("i", "s", "e2", Duration.ofMillis(1))).isEqualTo(WebhookStore.Claim.CLAIMED);
    Thread.sleep(20); // the stores judge expiry on the wall clock: let the 1 ms claim lapse
    assertThat(store.claim("i", "s", "e2", Duration.ofSeconds(30))).as("a lapsed claim is taken over")
        .isEqualTo(WebhookStore.Claim.CLAIMED);
    store.complete("i", "s", "e2", Duration.ofMillis(1));
    Thread.sleep(20); // the stores judge expiry on the wall clock: let the 1 ms record lapse
    assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);

    assertThat(store.addFirstSecret("i", "s", "sealed-1")).isTrue();
    assertThat(store.addFirstSecret("i", "s", "sealed-x")).isFalse();
    java.time.Instant t = java.time.Instant.now();
    assertThat(store.rotateSecret("i", "s", v -> "sealed-" + v, t.plusSeconds(60), t)).isEqualTo(2);
    assertThat(store.secrets("i", "s")).extracting(WebhookStore.SealedSecret::version).containsExactly(2, 1);
    assertThat(store.secrets("i", "s").get(1).retiresAt()).isNotNull();
    assertThat(store.markRevealed("i", "s", 2)).isTrue();
    assertThat(store.markRevealed("i", "s", 2)).isFalse();
    store.putSubscription(new WebhookStore.Subscription("i", "s", true, "p-1", null));
    assertThat(store.subscription("i", "s")).hasValueSatisfying(x -> assertThat(x.providerId()).isEqualTo("p-1"));
    store.deleteAll("i");
    assertThat(store.holdsSecrets("i")).isFalse();
    assertThat(store.subscription("i", "s")).isEmpty();
    assertThat(store.claim("i", "s", "e1", Duration.ofSeconds(30))).isEqualTo(WebhookStore.Claim.CLAIMED);
  }

  @Test
  @Tag("REQ-INBOUND-005")
  void theInMemoryStoreKeepsTheSameContract() throws InterruptedException {
    contract(new io.cynodeai.connector.core.store.InMemoryWebhookStore());
  }

  /** Installs and enables an instance of the test type on an engine (idempotent across nodes). */
  private record EngineHarnessInstaller(ConnectorEngine engine) {
    void installEnabled(String id) {
      engine.instances().install(io.cynodeai.connector.api.instance.InstanceDefinition.builder(id, "hooks")
          .config(EngineHarness.json("{\"endpoint\":\"x\"}")).owner(io.cynodeai.connector.api.instance.OwnerScope
              .user("alice")).projectId("proj-a").build(), ALICE);
      engine.instances().enable(id, ALICE);
    }
  }
}
