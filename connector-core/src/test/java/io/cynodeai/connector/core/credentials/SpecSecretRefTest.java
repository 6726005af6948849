package io.cynodeai.connector.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.store.InMemorySpecStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A spec's {@code credentials.secretRef} resolved by the engine itself (REQ-DECL-004), through a real engine, the
 * real {@link EncryptedSecretStore} with {@link LocalKeyManagementService}, registered under the seed's provider
 * name {@code cynode-vault}. Handlers compare what they leased with the expected values themselves, so no secret
 * is ever printed; the password is a canary that must appear nowhere.
 */
@Tag("REQ-DECL-004")
class SpecSecretRefTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final String USERNAME = "ops";
  private static final String CANARY = "CANARY-spec-ref-91c2-do-not-leak";
  private static final String ENTRY = "imap-ops-mail-creds";
  private static final SecretScope PROJ_A = SecretScope.project("proj-a");

  private final EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger specReads = new AtomicInteger();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private volatile String expectedPassword = CANARY;
  private PrintStream originalErr;
  private CredentialVault vault;
  private ConnectorEngine engine;

  @BeforeEach
  void seedSecretsAndCaptureStderr() throws Exception {
    store.put(PROJ_A, ENTRY + "/username", USERNAME.toCharArray());
    store.put(PROJ_A, ENTRY + "/password", CANARY.toCharArray());
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    System.setErr(originalErr);
  }

  /** The encrypted store under {@code cynode-vault}, counting every secret looked up. */
  private SecretProvider countingVault() {
    ScopedSecretProvider named = (ScopedSecretProvider) SecretProviders.as("cynode-vault", store);
    return new ScopedSecretProvider() {
      @Override
      public String scheme() {
        return named.scheme();
      }

      @Override
      public Optional<char[]> resolve(SecretScope scope, String name) throws SecretUnavailableException {
        lookups.incrementAndGet();
        return named.resolve(scope, name);
      }

      @Override
      public boolean exists(SecretScope scope, String name) {
        return named.exists(scope, name);
      }

      @Override
      public boolean erase(SecretScope scope, String name) {
        return named.erase(scope, name);
      }

      @Override
      public boolean holds(SecretScope scope, String name) {
        return named.holds(scope, name);
      }
    };
  }

  private ConnectorEngine engine(Consumer<EngineBuilder> credentials) {
    SpecStore specs = new InMemorySpecStore();
    SpecStore counted = new SpecStore() {
      @Override
      public Optional<ConnectorSpec> find(String name) {
        specReads.incrementAndGet();
        return specs.find(name);
      }

      @Override
      public List<ConnectorSpec> list() {
        return specs.list();
      }

      @Override
      public void put(ConnectorSpec spec) {
        specs.put(spec);
      }

      @Override
      public void remove(String name) {
        specs.remove(name);
      }
    };
    EngineBuilder builder = ConnectorEngines.builder().register(type()).auditSink(audit).specStore(counted)
        .policy(PolicyEngine.allowAll());
    credentials.accept(builder);
    engine = builder.build();
    return engine;
  }

  private ConnectorEngine engine() {
    vault = CredentialVault.of(countingVault());
    return engine(b -> b.credentials(vault));
  }

  /** A mail-like type: its health check and {@code login} need both credentials; {@code ping} needs none. */
  private ConnectorType type() {
    OperationHandler login = (ctx, in) -> {
      char[] user = ctx.credentials().require("username");
      char[] password = ctx.credentials().require("password");
      if (in.path("quote").asBoolean()) { // a careless connector: the engine must scrub it
        throw ProviderException.permanentFailure("bad_login", "login refused for password "
            + new String(password), null);
      }
      return HandlerResult.of(JsonResources.parse("{\"username\":" + Arrays.equals(user, USERNAME.toCharArray())
          + ",\"password\":" + Arrays.equals(password, expectedPassword.toCharArray()) + "}"));
    };
    return ConnectorType.builder("vaulted-mail", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(operation("login", login))
        .operation(operation("ping", (ctx, in) -> HandlerResult.of(JsonResources.parse("{\"pong\":true}"))))
        .healthCheck(ctx -> Arrays.equals(ctx.credentials().require("password"), expectedPassword.toCharArray())
            ? HealthResult.healthy() : HealthResult.credentialsRejected("the password was refused"))
        .build();
  }

  private static OperationDescriptor operation(String name, OperationHandler handler) {
    return OperationDescriptor.builder(name).modes(ExecutionMode.SYNC)
        .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .handler(handler).build();
  }

  private static String spec(String name, String provider, String entry, String keys) {
    return """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner: {type: user, id: alice}
          projectId: proj-a
        spec:
          type: vaulted-mail
          typeVersion: 1
          enabled: true
          config: {}
          credentials:
            mode: secretRef
            secretRef: {provider: %s, name: %s, keys: {%s}}
        """.formatted(name, provider, entry, keys);
  }

  private static String spec(String name) {
    return spec(name, "cynode-vault", ENTRY, "username: username, password: password");
  }

  private SpecOutcome apply(String yaml) {
    return engine.specs().apply(SpecSource.of(yaml), ALICE);
  }

  private Outcome invoke(String instance, String operation, String input) {
    return engine.invoke(InvocationRequest.of(instance, operation, JsonResources.parse(input), ALICE));
  }

  private InstanceStatus status(String instance) {
    return engine.instances().get(instance, ALICE).orElseThrow().status();
  }

  @Test
  void theEngineResolvesTheSpecsSecretRefWhenTheHandlerLeases() {
    engine();

    assertThat(apply(spec("ops-mail"))).isInstanceOf(SpecOutcome.Applied.class);
    // the apply's own health check leased through the spec's references before the spec was stored
    assertThat(status("ops-mail")).isEqualTo(InstanceStatus.ACTIVE);
    lookups.set(0);

    Outcome outcome = invoke("ops-mail", "login", "{}");

    assertThat(((Succeeded) outcome).response().data()).isEqualTo(
        JsonResources.parse("{\"username\":true,\"password\":true}"));
    assertThat(lookups).hasValue(2); // username and password, once each, for the one lease
  }

  @Test
  void anOperationThatNeverLeasesLooksNothingUp() {
    engine();
    apply(spec("ops-mail"));
    lookups.set(0);
    specReads.set(0);
    assertThat(invoke("ops-mail", "ping", "{}")).isInstanceOf(Succeeded.class); // warms the policy binding cache
    specReads.set(0);

    for (int i = 0; i < 5; i++) {
      assertThat(invoke("ops-mail", "ping", "{}")).isInstanceOf(Succeeded.class);
    }

    assertThat(lookups).hasValue(0);
    int readsByPings = specReads.get(); // whatever the pipeline reads for calls (no credential lookup)
    assertThat(invoke("ops-mail", "login", "{}")).isInstanceOf(Succeeded.class);
    assertThat(lookups).hasValue(2);
    assertThat(specReads.get() - readsByPings).as("the lease read the spec's references once")
        .isEqualTo(1 + readsByPings / 5);
  }

  @Test
  void theHostsReferencesWinPerKeyAndTheSpecFillsTheRest() throws Exception {
    store.put("host-password", "host-chosen-password".toCharArray());
    expectedPassword = "host-chosen-password";
    engine(b -> b.credentials(CredentialVault.of(store, countingVault()),
        instance -> Map.of("password", SecretRef.parse("store:host-password"))));
    apply(spec("ops-mail"));

    Outcome outcome = invoke("ops-mail", "login", "{}");

    // username came from the spec's cynode-vault entry, password from the host's store: reference
    assertThat(((Succeeded) outcome).response().data()).isEqualTo(
        JsonResources.parse("{\"username\":true,\"password\":true}"));
    assertThat(lookups).hasValue(2); // the apply's health check and this lease: username only, each time
  }

  @Test
  void anUnknownProviderIsRefusedAtValidateAndNothingIsApplied() {
    engine();
    String other = spec("ops-mail", "other-vault", ENTRY, "password: password");

    SpecValidation validation = engine.specs().validate(SpecSource.of(other));
    SpecOutcome applied = apply(other);

    assertThat(validation.problems()).extracting(SpecProblem::pointer, SpecProblem::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/spec/credentials/secretRef/provider",
            "unknown_secret_provider"));
    assertThat(((SpecOutcome.Refused) applied).failure().failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(engine.specs().list(ALICE)).isEmpty();
    assertThat(engine.instances().get("ops-mail", ALICE)).isEmpty();
    assertThat(lookups).hasValue(0); // validation checks the provider exists, it resolves nothing
  }

  @Test
  void anEngineWithoutAVaultKnowsNoProvider() {
    engine(b -> {});

    SpecValidation validation = engine.specs().validate(SpecSource.of(spec("ops-mail")));

    assertThat(validation.problems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("unknown_secret_provider");
      assertThat(p.message()).contains("no credential vault");
    });
  }

  @Test
  void aMappingWithoutKeysIsRefused() {
    engine();
    String noKeys = spec("ops-mail").replace(", keys: {username: username, password: password}", "");

    assertThat(engine.specs().validate(SpecSource.of(noKeys)).problems())
        .extracting(SpecProblem::pointer).containsExactly("/spec/credentials/secretRef/keys");
  }

  @Test
  void aMissingSecretFailsTheOperationWithTheTypedCredentialFailureNamingTheReference() {
    engine();
    apply(spec("ops-mail"));
    store.delete(PROJ_A, ENTRY + "/password");

    Failed failed = (Failed) invoke("ops-mail", "login", "{}");

    assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(failed.code()).isEqualTo("credential_unavailable");
    assertThat(failed.message()).contains("cynode-vault:imap-ops-mail-creds/password").contains("does not exist")
        .doesNotContain(CANARY);
  }

  @Test
  void aProviderThatThrowsIsACredentialFailureThatNeverQuotesIt() throws Exception {
    store.put(ENTRY + "/username", USERNAME.toCharArray()); // host secrets, granted to proj-a below
    store.put(ENTRY + "/password", CANARY.toCharArray());
    AtomicBoolean down = new AtomicBoolean();
    SecretProvider flaky = new SecretProvider() {
      @Override
      public String scheme() {
        return "cynode-vault";
      }

      @Override
      public Optional<char[]> resolve(String name) throws SecretUnavailableException {
        if (down.get()) {
          throw new IllegalStateException("vault said: " + CANARY);
        }
        return store.resolve(name);
      }
    };
    engine(b -> b.credentials(CredentialVault.of(flaky).grant(PROJ_A, new SecretRef("cynode-vault", ENTRY))));
    apply(spec("ops-mail"));
    down.set(true);

    Failed failed = (Failed) invoke("ops-mail", "login", "{}");

    assertThat(failed.code()).isEqualTo("credential_unavailable");
    assertThat(failed.message()).contains("cynode-vault:imap-ops-mail-creds/").contains("IllegalStateException")
        .doesNotContain(CANARY);
    engine.instances().disable("ops-mail", ALICE);
    engine.instances().enable("ops-mail", ALICE); // the health check fails the same way, recorded without it
    assertThat(engine.instances().get("ops-mail", ALICE).orElseThrow().lastError().message())
        .contains("IllegalStateException").doesNotContain(CANARY);
  }

  @Test
  void theCanaryAppearsInNoAuditEventLogLineOutcomeOrSpecView() throws Exception {
    engine();
    apply(spec("ops-mail"));

    Outcome ok = invoke("ops-mail", "login", "{}");
    Failed quoted = (Failed) invoke("ops-mail", "login", "{\"quote\":true}");
    engine.specs().delete("ops-mail", ALICE);

    assertThat(ok).isInstanceOf(Succeeded.class);
    assertThat(quoted.message()).contains("[REDACTED]").doesNotContain(CANARY);
    assertThat(audit.events()).isNotEmpty()
        .allSatisfy(e -> assertThat(Slf4jJsonAuditSink.toJson(e)).doesNotContain(CANARY));
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
    assertThat(ok.toString()).doesNotContain(CANARY);
  }

  @Test
  void deletingTheSpecErasesTheEntryKeysTheEngineOwnsUnlessAnotherLiveSpecUsesThem() {
    engine();
    apply(spec("ops-mail") + "---\n" + spec("ops-mail-2"));

    engine.specs().delete("ops-mail", ALICE);
    assertThat(store.holds(PROJ_A, ENTRY + "/password")).isTrue(); // ops-mail-2 still uses it
    engine.specs().delete("ops-mail-2", ALICE);

    assertThat(store.holds(PROJ_A, ENTRY + "/username")).isFalse();
    assertThat(store.holds(PROJ_A, ENTRY + "/password")).isFalse();
    assertThat(audit.events(e -> e.action().equals("credential_wipe"))).hasSize(2)
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo("succeeded"));
  }

  @Test
  void rotatingTheWholeEntryReachesTheSpecDerivedReferencesAndRechecksHealth() throws Exception {
    engine();
    apply(spec("ops-mail"));
    store.put(PROJ_A, ENTRY + "/password", "a-new-password-the-server-refuses".toCharArray());

    vault.rotated(new SecretAddress(PROJ_A, new SecretRef("cynode-vault", ENTRY)));

    assertThat(status("ops-mail")).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    assertThat(audit.events(e -> e.action().equals("credential.rotate"))).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("secret_ref", "cynode-vault:" + ENTRY));

    expectedPassword = "a-new-password-the-server-refuses";
    vault.rotated(new SecretAddress(PROJ_A, new SecretRef("cynode-vault", ENTRY + "/password")));
    assertThat(status("ops-mail")).isEqualTo(InstanceStatus.ACTIVE);
  }
}
