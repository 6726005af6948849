package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.CrossTenantFixture.ALICE_A;
import static io.cynodeai.connector.core.CrossTenantFixture.BOB_B;
import static io.cynodeai.connector.core.CrossTenantFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * REQ-TENANT-004 as a property: whatever sequence of operations tenant B runs against tenant A's instance and
 * spec names, each answer equals the answer for a name that does not exist (the name swapped), and A's
 * instance, spec, outcomes and runs stay as they were.
 */
class CrossTenantProperties {
  private static final String GUESS = "zz-guess";

  /** One operation of tenant B on a name, rendered as text so answers can be compared. */
  enum Probe {
    INVOKE((f, id) -> f.post(id, "pay-1", BOB_B)),
    INVOKE_ASYNC((f, id) -> f.engine.invoke(InvocationRequest.of(id, "post", JsonResources.parse("{\"amount\":5}"),
        BOB_B).withIdempotencyKey("pay-1").withMode(ExecutionMode.ASYNC))),
    SUBMIT((f, id) -> f.engine.jobs().submit(InvocationRequest.of(id, "post", JsonResources.parse("{}"), BOB_B)
        .withIdempotencyKey("job-1"))),
    GET((f, id) -> f.engine.instances().get(id, BOB_B)),
    UPDATE((f, id) -> f.engine.instances().updateConfig(id, JsonResources.parse("{}"), BOB_B)),
    ENABLE((f, id) -> f.engine.instances().enable(id, BOB_B)),
    CHECK((f, id) -> f.engine.instances().check(id, BOB_B)),
    DISABLE((f, id) -> f.engine.instances().disable(id, BOB_B)),
    UNINSTALL((f, id) -> f.engine.instances().uninstall(id, BOB_B)),
    SPEC_GET((f, id) -> f.engine.specs().get(id, BOB_B)),
    SPEC_STATUS((f, id) -> f.engine.specs().status(id, BOB_B)),
    SPEC_DELETE((f, id) -> f.engine.specs().delete(id, BOB_B)),
    POLL((f, id) -> f.engine.poll(id, BOB_B)),
    SUBSCRIPTIONS((f, id) -> f.engine.webhooks().subscriptions(id, BOB_B)),
    REVEAL((f, id) -> f.engine.webhooks().revealSecret(id, "events", BOB_B)),
    ROTATE((f, id) -> f.engine.webhooks().rotateSecret(id, "events", Duration.ofMinutes(1), BOB_B)),
    HOOK_ENABLE((f, id) -> f.engine.webhooks().enable(id, "events", BOB_B)),
    IMPORT_SECRET((f, id) -> f.engine.webhooks().importSecret(id, "events", "an-imported-secret-0123".toCharArray(),
        Duration.ofMinutes(1), BOB_B));

    final BiFunction<CrossTenantFixture, String, Object> run;

    Probe(BiFunction<CrossTenantFixture, String, Object> run) {
      this.run = run;
    }
  }

  @Provide
  Arbitrary<List<Probe>> probes() {
    return Arbitraries.of(Probe.class).list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 25)
  @Tag("REQ-TENANT-004")
  void anySequenceOfForeignProbesIsAnsweredAsForMissingNamesAndChangesNothing(
      @ForAll("probes") List<Probe> sequence, @ForAll boolean useSpecName) {
    try (CrossTenantFixture f = new CrossTenantFixture(Stores.inMemory())) {
      f.installActive("a-ledger", ALICE_A);
      assertThat(f.engine.specs().apply(spec("a-spec", ALICE_A, true), ALICE_A))
          .isInstanceOf(SpecOutcome.Applied.class);
      assertThat(f.post("a-ledger", "pay-1", ALICE_A)).isInstanceOf(Succeeded.class);
      f.engine.webhooks().enable("a-ledger", "events", ALICE_A);
      ConnectorInstance before = f.engine.instances().get("a-ledger", ALICE_A).orElseThrow();
      ConnectorSpec specBefore = f.engine.specs().get("a-spec", ALICE_A).orElseThrow();
      String foreign = useSpecName ? "a-spec" : "a-ledger";
      for (Probe probe : sequence) {
        String onForeign = String.valueOf(probe.run.apply(f, foreign)).replace(foreign, GUESS);
        String onMissing = String.valueOf(probe.run.apply(f, GUESS));
        assertThat(onForeign).as(probe.name()).isEqualTo(onMissing);
      }
      assertThat(f.runs("a-ledger")).isEqualTo(1);
      assertThat(f.runs("a-spec")).isZero();
      assertThat(f.engine.instances().get("a-ledger", ALICE_A)).contains(before);
      assertThat(f.engine.specs().get("a-spec", ALICE_A)).contains(specBefore);
      assertThat(f.engine.instances().list(BOB_B)).isEmpty();
    }
  }
}
