package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.InvalidConnectorTypeException;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.jspecify.annotations.Nullable;

/**
 * Certifies a connector type (§15) the way a host will run it: through a real engine with an allow-all policy
 * and an instance installed and enabled with the config you give. The engines keep the default egress (public
 * addresses only): a provider stubbed on a local server needs {@link #allowLoopbackEgress()} or an {@link
 * #egress} policy that opens its address.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> certification() {
 *   return ConnectorCertification.of(new MyProvider()).config(config).dynamicTests();
 * }
 * }</pre>
 *
 * <p>The checks, each a named {@link CheckResult} listing the call paths it covered ({@link CallPath}: a sync
 * call, an async job):
 *
 * <ul>
 *   <li><b>descriptor</b>: the engine accepts the type (its problems listed if not); every operation declares
 *       at least one example;
 *   <li><b>schema</b>: every example's request and response validate against the operation's schemas; the
 *       config validates against the config schema (install succeeds);
 *   <li><b>contract</b>: the instance enables and its health check passes; every example's request succeeds on
 *       every path its operation offers (a job is run to its final state and its stored result checked, never
 *       its submission), the data matches the response schema, and the call is audited exactly once with
 *       that outcome;
 *   <li><b>redaction</b>: every redaction rule names a place the response schema declares, and the examples'
 *       values there came back redacted;
 *   <li><b>failure-simulation</b>: per operation and path, with its first example's request and faults injected
 *       in front of the handler: a transient failure on every attempt is retried as declared (at most 10 times,
 *       the engine's default cap) then fails {@code TRANSIENT} (a job: after its attempts, dead-lettered); a
 *       transient failure on the first attempt only is retried and succeeds; a permanent failure is never
 *       retried; a handler that hangs fails {@code TRANSIENT timeout} on time; a 50 ms slower provider still
 *       succeeds; when every connection fails, the connector reports a transient failure without answering
 *       anyway or retrying on its own (not applicable to a connector that opens none); and a job whose result
 *       is larger than the job store keeps fails {@code PERMANENT result_too_large};
 *   <li><b>failure-mapping</b> (with {@link #providerAnswers}): the connector's own mapping of provider answers
 *       (status, Retry-After) replayed against a stub HTTP provider;
 *   <li><b>load</b>, <b>fuzz</b> (sync calls only) and the <b>security</b> checklist.
 * </ul>
 *
 * A type the engine refuses, a config it rejects, or an instance that does not become active stops the run
 * there: the failed check says which checks were not run. Operations with no example have no contract or
 * failure-simulation checks. Simulated calls time out at 1 s (or the operation's own shorter timeout; see
 * {@link #simulationTimeout}), so the provider the config points at must answer faster than that. Jobs get
 * two attempts, 1 ms apart.
 *
 * <p>Not thread-safe while being configured. Each {@link #run()} builds its own engines and leaves nothing
 * running, so a configured certification may be run again.
 */
public final class ConnectorCertification {
  private java.nio.file.Path reportDirectory = java.nio.file.Path.of(
      System.getProperty("connector.certification.dir", "target/connector-certification"));
  private final ConnectorType type;
  private @Nullable JsonNode config;
  private HostHooks hooks = HostHooks.NONE;
  private Duration simulationTimeout = Duration.ofMillis(FailureSimulation.TIMEOUT_MILLIS);
  private LoadProfile load = LoadProfile.defaults();
  private FuzzProfile fuzz = FuzzProfile.defaults();
  private Set<String> offline = Set.of();
  private @Nullable ProviderAnswers answers;

  private ConnectorCertification(ConnectorType type) {
    this.type = type;
  }

  /** Certifies the type the provider declares; {@link ConnectorProvider#type()} is called once, here. */
  public static ConnectorCertification of(ConnectorProvider provider) {
    Objects.requireNonNull(provider, "provider");
    return of(Objects.requireNonNull(provider.type(), "provider.type()"));
  }

  public static ConnectorCertification of(ConnectorType type) {
    return new ConnectorCertification(Objects.requireNonNull(type, "type"));
  }

  /** A valid instance configuration; the certified instance is installed and enabled with it. Required. */
  public ConnectorCertification config(JsonNode value) {
    this.config = Objects.requireNonNull(value, "config").deepCopy();
    return this;
  }

  /**
   * How the connector reaches the network, in every engine the certification builds except the one that
   * simulates a network failure; it replaces the egress guard (see {@code EngineBuilder.networkAccess}).
   * Default: the engine's default, the egress guard with public addresses only.
   */
  public ConnectorCertification networkAccess(NetworkAccess value) {
    Objects.requireNonNull(value, "networkAccess");
    hooks = new HostHooks(value, hooks.egress(), hooks.vault(), hooks.refs());
    return this;
  }

  /**
   * The timeout of the failure simulations' calls (default 1 s): the provider the config points at must
   * answer a call well within it. Raise it for protocols whose every call needs several round trips (an IMAP
   * login and mailbox selection); simulations of hanging handlers then take this long.
   *
   * @throws IllegalArgumentException if not between 1 ms and 10 s
   */
  public ConnectorCertification simulationTimeout(Duration value) {
    Objects.requireNonNull(value, "simulationTimeout");
    if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("simulationTimeout must be between 1 ms and 10 s, was " + value);
    }
    this.simulationTimeout = value;
    return this;
  }

  /** How the load checks drive each operation; default {@link LoadProfile#defaults()}. */
  public ConnectorCertification load(LoadProfile profile) {
    this.load = Objects.requireNonNull(profile, "profile");
    return this;
  }

  /** How many cases the fuzz checks generate, from which seed; default {@link FuzzProfile#defaults()}. */
  public ConnectorCertification fuzz(FuzzProfile profile) {
    this.fuzz = Objects.requireNonNull(profile, "profile");
    return this;
  }

  /**
   * Replays the connector's failure mapping: for each row of {@code table}, a stub HTTP provider on loopback
   * gives the row's answer and each operation's first example must fail with the row's class and code (and
   * Retry-After delay), on every path the operation offers. Optional; without it no failure-mapping check runs.
   */
  public ConnectorCertification providerAnswers(ProviderAnswers table) {
    this.answers = Objects.requireNonNull(table, "table");
    return this;
  }

  /**
   * Declares operations that need no network (they compute their answer locally): the security checklist
   * then expects them to succeed with every egress denied, instead of failing {@code egress_denied}.
   */
  public ConnectorCertification offline(String... operations) {
    this.offline = Set.of(operations);
    return this;
  }

  /**
   * Guards the connector's network access with this egress policy, as {@link
   * io.cynodeai.connector.core.EngineBuilder#egress} does, in every engine the certification builds except the
   * one that simulates a network failure. Replaces {@link #networkAccess}. Default: the engine's default,
   * {@link EgressPolicy#publicOnly()}, which refuses loopback and private addresses.
   */
  public ConnectorCertification egress(Function<ConnectorInstance, EgressPolicy> perInstance) {
    Objects.requireNonNull(perInstance, "perInstance");
    hooks = new HostHooks(hooks.network(), perInstance, hooks.vault(), hooks.refs());
    return this;
  }

  /**
   * Opens egress to this machine only ({@link EgressPolicy#loopbackOnly()}: {@code localhost}, {@code
   * 127.0.0.1} and {@code [::1]}, any port) for a certification whose provider is a stand-in server on
   * loopback, which the engine's default egress refuses. Same as {@code egress(instance ->
   * EgressPolicy.loopbackOnly())}; replaces an earlier {@link #egress} or {@link #networkAccess}.
   */
  public ConnectorCertification allowLoopbackEgress() {
    return egress(instance -> EgressPolicy.loopbackOnly());
  }

  /**
   * The same credential references for every instance the certification creates. A type that declares its
   * credential keys gets only those: see the check {@value CredentialKeyChecks#NAME}.
   */
  public ConnectorCertification credentials(CredentialVault vault, Map<String, SecretRef> refs) {
    Map<String, SecretRef> copy = Map.copyOf(Objects.requireNonNull(refs, "refs"));
    return credentials(vault, instance -> copy);
  }

  /**
   * The certified instance's credentials, as {@link io.cynodeai.connector.core.EngineBuilder#credentials}
   * takes them, for connectors that lease secrets. Default: none.
   */
  public ConnectorCertification credentials(CredentialVault vault,
      Function<ConnectorInstance, Map<String, SecretRef>> refs) {
    hooks = new HostHooks(hooks.network(), hooks.egress(), Objects.requireNonNull(vault, "vault"),
        Objects.requireNonNull(refs, "refs"));
    return this;
  }

  /**
   * Runs every check. Never throws because a check failed: failures are in the report.
   *
   * @throws IllegalStateException if no config was given
   */
  public CertificationReport run() {
    JsonNode instanceConfig = requireConfig();
    List<CheckResult> checks = new ArrayList<>();
    HostHooks declaredOnly = CredentialKeyChecks.restrict(type, hooks);
    CertificationHost host;
    try {
      host = new CertificationHost(type, declaredOnly,
          b -> b.limits(l -> l.withCircuitBreaker(1000, Duration.ofSeconds(30))));
    } catch (InvalidConnectorTypeException e) {
      checks.addAll(DescriptorChecks.check(type, e.problems()));
      return report(checks);
    } catch (ConnectorException e) {
      checks.addAll(DescriptorChecks.check(type, List.of(e.getMessage())));
      return report(checks);
    }
    checks.addAll(DescriptorChecks.check(type, List.of()));
    CheckResult credentialKeys;
    try (host) {
      ContractChecks contract = new ContractChecks(type, host);
      List<CheckResult> deployed = contract.deploy(instanceConfig);
      checks.addAll(deployed);
      if (!deployed.stream().allMatch(CheckResult::passed)) {
        return report(checks);
      }
      List<CheckResult> examples = contract.examples();
      checks.addAll(examples);
      checks.addAll(new RedactionChecks(type, contract.observed()).run());
      checks.addAll(new LoadTest(type, host, load).run());
      credentialKeys = CredentialKeyChecks.check(type, hooks, host.instance().orElseThrow(), examples);
    }
    checks.addAll(new FailureSimulation(type, instanceConfig, declaredOnly, simulationTimeout).run());
    if (answers != null) {
      checks.addAll(new FailureMapping(type, instanceConfig, declaredOnly, simulationTimeout, answers).run());
    }
    checks.addAll(new ResponseFuzzing(type, instanceConfig, fuzz).run());
    checks.addAll(new SecurityChecklist(type, instanceConfig, declaredOnly, offline).run());
    checks.add(credentialKeys);
    return report(checks);
  }

  /**
   * Runs every check now and returns one dynamic test per check, named {@code [category] name [paths]}; a failed
   * check's test fails with its detail. Return it from a JUnit 5 {@code @TestFactory} method. The whole report
   * is written to disk as well ({@link #reportDirectory}): text for a person, JSON for tools, and the
   * certification record.
   */
  public Stream<DynamicTest> dynamicTests() {
    CertificationReport report = written(run());
    return report.checks().stream().map(check -> DynamicTest.dynamicTest(
        "[" + check.category().label() + "] " + check.displayName(), () -> {
          if (!check.passed()) {
            Assertions.fail(check.displayName() + ": " + check.detail());
          }
        }));
  }

  /**
   * Runs every check and returns the report if all passed.
   *
   * @throws AssertionError carrying {@link CertificationReport#toText()} if any check failed
   */
  public CertificationReport assertCertified() {
    CertificationReport report = written(run());
    if (!report.passed()) {
      throw new AssertionError(report.toText());
    }
    return report;
  }

  /**
   * Where {@link #dynamicTests()} and {@link #assertCertified()} write the report (default: the system property
   * {@code connector.certification.dir}, else {@code target/connector-certification} below the working
   * directory, which Maven sets to the module). Returns this.
   */
  public ConnectorCertification reportDirectory(java.nio.file.Path directory) {
    this.reportDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  private CertificationReport written(CertificationReport report) {
    try {
      java.nio.file.Path text = report.writeTo(reportDirectory);
      System.out.println("connector certification of " + report.coordinates() + ": "
          + (report.passed() ? "CERTIFIED" : "NOT CERTIFIED") + "; report in " + text.toAbsolutePath());
    } catch (java.io.IOException e) {
      System.err.println("connector certification: the report could not be written to " + reportDirectory
          + " (" + e.getClass().getSimpleName() + "); the checks ran as reported by the tests");
    }
    return report;
  }

  private JsonNode requireConfig() {
    if (config == null) {
      throw new IllegalStateException("no config: call config(..) with a valid instance configuration for "
          + type.coordinates());
    }
    return config;
  }

  private CertificationReport report(List<CheckResult> checks) {
    return CertificationReport.of(type, checks);
  }
}
