package io.cynodeai.connector.core.spec.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.spec.ImapTestType;
import io.cynodeai.connector.core.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs applied to an engine on an H2 file are still there, unchanged, for the next engine on that file. */
class DurableSpecsTest {
  private static final Caller OPS = new Caller("ops-bot", java.util.List.of("7b2c..."), "3a91...");

  private static ConnectorEngine engine(Stores stores) {
    return ConnectorEngines.builder().register(new ImapTestType().type("1.0.0")).stores(stores)
        .credentials(ImapTestType.vault())
        .policy(ctx -> PolicyDecision.allow("test")).build();
  }

  @Test
  @Tag("REQ-DECL-013")
  @Tag("REQ-DECL-001")
  void anEngineRestartedOnTheSameH2FileKeepsItsSpecsAndSeesNoChange(@TempDir Path dir) {
    SpecSource seed = new SpecSource("seed.yaml", ImapTestType.seedExample());
    SpecStatus before;
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine first = engine(stores)) {
      SpecOutcome.Applied applied = (SpecOutcome.Applied) first.specs().apply(seed, OPS);
      assertThat(applied.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.CREATE);
      before = first.specs().status("ops-mail", OPS).orElseThrow();
    }
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine second = engine(stores)) {
      SpecStatus after = second.specs().status("ops-mail", OPS).orElseThrow();
      assertThat(after.uid()).isEqualTo(before.uid());
      assertThat(after.resourceVersion()).isEqualTo("1");
      assertThat(after.status()).isEqualTo(InstanceStatus.ACTIVE);
      SpecOutcome.Applied diff = (SpecOutcome.Applied) second.specs().diff(seed, OPS);
      assertThat(diff.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UNCHANGED);
      SpecOutcome.Applied reconciled = (SpecOutcome.Applied) second.specs().reconcile(OPS);
      assertThat(reconciled.changes()).isEmpty();
      assertThat(second.specs().list(OPS)).extracting(s -> s.metadata().uid()).containsExactly(before.uid());
    }
  }
}
