package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.JsonResources;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-DECL-011")
class InteractiveAuthorizationTest {
  private static final Caller OPS = new Caller("ops", java.util.List.of("7b2c..."), "3a91...");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ConnectorEngine engine = ConnectorEngines.builder()
      .register(new ImapTestType().type("1.0.0").toBuilder().interactiveAuthorization((config, state) ->
          URI.create("https://auth.example.com/authorize?host=" + config.get("host").asText() + "&state=" + state))
          .build())
      .policy(PolicyEngine.allowAll()).auditSink(audit).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static String oauthSpec() {
    String seed = ImapTestType.seedExample();
    String refBlock = seed.substring(seed.indexOf("  credentials:\n"), seed.indexOf("  policy:\n"));
    return seed.replace(refBlock, "  credentials:\n    mode: oauth\n    oauth:\n      scopes: [mail.read]\n\n");
  }

  private SpecStatus status() {
    return engine.specs().status("ops-mail", OPS).orElseThrow();
  }

  @Test
  void oauthLeavesTheInstancePendingWithTheConnectorsAuthUrlUntilTheFlowCompletes() {
    SpecOutcome.Applied applied = (SpecOutcome.Applied) engine.specs().apply(SpecSource.of(oauthSpec()), OPS);
    SpecStatus pending = applied.statuses().get(0);
    assertThat(pending.status()).isEqualTo(InstanceStatus.PENDING_AUTH);
    assertThat(pending.authUrl()).startsWith("https://auth.example.com/authorize?host=imap.example.com&state=");
    Failed refused = (Failed) engine.invoke(InvocationRequest.of("ops-mail", "readInbox",
        JsonResources.parse("{}"), OPS));
    assertThat(refused.code()).isEqualTo("instance_not_active");

    SpecOutcome.Applied again = (SpecOutcome.Applied) engine.specs().apply(SpecSource.of(oauthSpec()), OPS);
    assertThat(again.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UNCHANGED);
    assertThat(status().authUrl()).isEqualTo(pending.authUrl());

    SpecOutcome.Refused wrong = (SpecOutcome.Refused) engine.specs().completeAuthorization("ops-mail",
        "forged", OPS);
    assertThat(wrong.failure().code()).isEqualTo("invalid_state");
    assertThat(status().status()).isEqualTo(InstanceStatus.PENDING_AUTH);

    String state = pending.authUrl().substring(pending.authUrl().indexOf("state=") + 6);
    SpecOutcome.Applied done = (SpecOutcome.Applied) engine.specs().completeAuthorization("ops-mail", state, OPS);
    assertThat(done.statuses().get(0).status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(done.statuses().get(0).authUrl()).isNull();
    assertThat(engine.invoke(InvocationRequest.of("ops-mail", "readInbox", JsonResources.parse("{}"), OPS)))
        .isInstanceOf(io.cynodeai.connector.api.Succeeded.class);
    assertThat(audit.events(e -> e.action().equals("spec.authorize"))).extracting(e -> e.outcome())
        .containsExactly("validation_error", "succeeded");
    assertThat(audit.events().toString()).doesNotContain(state);
  }

  @Test
  void oauthIsRefusedForATypeWithoutInteractiveAuthorization() {
    try (ConnectorEngine plain = ConnectorEngines.builder().register(new ImapTestType().type("1.0.0"))
        .policy(PolicyEngine.allowAll()).build()) {
      assertThat(plain.specs().validate(SpecSource.of(oauthSpec())).problems())
          .extracting(SpecProblem::pointer, SpecProblem::code)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/spec/credentials/mode", "oauth_unsupported"));
    }
  }

  @Test
  void aPendingAuthorizationLostInARestartIsAskedForAgainOnTheNextApply() {
    io.cynodeai.connector.core.store.InMemoryInstanceStore instances =
        new io.cynodeai.connector.core.store.InMemoryInstanceStore();
    io.cynodeai.connector.core.store.InMemorySpecStore specs = new io.cynodeai.connector.core.store.InMemorySpecStore();
    String firstUrl;
    try (ConnectorEngine before = oauthEngine(instances, specs)) {
      firstUrl = ((SpecOutcome.Applied) before.specs().apply(SpecSource.of(oauthSpec()), OPS)).statuses().get(0)
          .authUrl();
    }
    try (ConnectorEngine after = oauthEngine(instances, specs)) {
      assertThat(after.specs().status("ops-mail", OPS).orElseThrow().authUrl()).isNull();
      SpecStatus again = ((SpecOutcome.Applied) after.specs().apply(SpecSource.of(oauthSpec()), OPS)).statuses()
          .get(0);
      assertThat(again.status()).isEqualTo(InstanceStatus.PENDING_AUTH);
      assertThat(again.authUrl()).startsWith("https://auth.example.com/").isNotEqualTo(firstUrl);
    }
  }

  private ConnectorEngine oauthEngine(io.cynodeai.connector.api.store.InstanceStore instances,
      io.cynodeai.connector.api.store.SpecStore specs) {
    return ConnectorEngines.builder().register(new ImapTestType().type("1.0.0").toBuilder()
        .interactiveAuthorization((config, state) -> URI.create("https://auth.example.com/a?state=" + state)).build())
        .instanceStore(instances).specStore(specs).policy(PolicyEngine.allowAll()).build();
  }
}
