package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.SECURITY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The security validation checklist (§7, §8, §15): each item an automated check that passes, fails or does not
 * apply, with a one-line reason. Two items run the connector through real engines:
 *
 * <ul>
 *   <li><b>secrets</b>: every example runs with the author's credentials, and again with all egress denied,
 *       while {@link LogCapture} records the log output; the values the instance's credential references
 *       resolve to must appear in no outcome, audit event, instance record or log line;
 *   <li><b>network</b>: every operation's first example runs with an egress policy that denies everything (the
 *       health check skipped, as it could not pass); it
 *       must fail {@code egress_denied} with the refused connection audited, proving the connector reaches
 *       the network only through its context. One that succeeds either connects around its context or needs
 *       no network; the latter must be declared with {@link ConnectorCertification#offline}.
 * </ul>
 *
 * The others read the declarations ({@link DeclarationChecks}). Not thread-safe; one instance per run.
 */
final class SecurityChecklist {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules().build();
  static final String SECRETS = "leased secrets appear in no outcome, audit event or log";
  static final String NETWORK = "connects only through its context's network access";
  /** Secrets shorter than this are too likely to occur by chance to be searched for. */
  static final int MIN_SECRET_LENGTH = 6;

  private final ConnectorType type;
  private final JsonNode config;
  private final HostHooks hooks;
  private final Set<String> offline;

  SecurityChecklist(ConnectorType type, JsonNode config, HostHooks hooks, Set<String> offline) {
    this.type = type;
    this.config = config;
    this.hooks = hooks;
    this.offline = offline;
  }

  List<CheckResult> run() {
    List<CheckResult> checks = new ArrayList<>();
    Emitted emitted = new Emitted();
    List<String> secrets;
    Map<String, Outcome> denied;
    List<AuditEvent> denialEvents = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      secrets = runExamples(hooks, emitted);
      HostHooks denyAll = new HostHooks(null, instance -> EgressPolicy.denyAll(), hooks.vault(), hooks.refs());
      denied = runFirstExamples(denyAll, emitted, denialEvents);
      emitted.texts.add(logs.text());
    } catch (ConnectorException e) {
      checks.add(CheckResult.fail(SECURITY, SECRETS, "not run: the engine refused the type: " + e.getMessage()));
      checks.add(CheckResult.fail(SECURITY, NETWORK, "not run: the engine refused the type"));
      checks.addAll(DeclarationChecks.check(type));
      return checks;
    }
    checks.add(secrets(secrets, emitted).on(paths()));
    checks.add(network(denied, denialEvents).on(paths()));
    checks.addAll(DeclarationChecks.check(type));
    return checks;
  }

  /** Runs every example with the author's hooks; returns the secret values the instance leases. */
  private List<String> runExamples(HostHooks with, Emitted emitted) {
    try (CertificationHost host = new CertificationHost(type, with, this::settings)) {
      Optional<String> problem = host.deploy(config);
      if (problem.isPresent()) {
        emitted.problems.add(problem.get());
        return List.of();
      }
      for (OperationDescriptor op : runnable()) {
        for (OperationExample example : DescriptorChecks.distinctExamples(op)) {
          emitted.outcome(call(host, op, example.request(), emitted));
        }
      }
      emitted.collect(host);
      return host.instance().map(this::leasedSecrets).orElse(List.of());
    }
  }

  /** Runs each operation's first example with {@code with}; the outcomes by operation. */
  private Map<String, Outcome> runFirstExamples(HostHooks with, Emitted emitted, List<AuditEvent> egressEvents) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    // the health check would fail with every egress denied, and the instance would never become active
    ConnectorType healthy = type.toBuilder().healthCheck(HealthCheck.alwaysHealthy()).build();
    try (CertificationHost host = new CertificationHost(healthy, with, this::settings)) {
      Optional<String> problem = host.deploy(config);
      if (problem.isPresent()) {
        emitted.problems.add(problem.get());
        return outcomes;
      }
      for (OperationDescriptor op : runnable()) {
        Outcome outcome = call(host, op, op.examples().get(0).request(), emitted);
        emitted.outcome(outcome);
        outcomes.put(op.name(), outcome);
      }
      emitted.collect(host);
      egressEvents.addAll(host.audit().events(e -> e.type() == AuditEventType.EGRESS));
    }
    return outcomes;
  }

  /**
   * Runs the example the way the operation is offered: a sync call, or (async only) a job run to its end, the
   * stored job kept for the secret search. A job that does not finish counts as its last state's failure.
   */
  private static Outcome call(CertificationHost host, OperationDescriptor op, JsonNode input, Emitted emitted) {
    if (op.modes().contains(ExecutionMode.SYNC)) {
      return host.invoke(op, input, ExecutionMode.SYNC).outcome();
    }
    CertificationHost.JobRun run = host.runJob(op, input, ContractChecks.jobWait(op));
    if (run.job() == null) {
      return run.submission();
    }
    emitted.texts.add(Emitted.json(run.job()));
    return run.finished() && run.job().outcome() != null ? run.job().outcome()
        : Failed.of(io.cynodeai.connector.api.FailureClass.TRANSIENT, "job_unfinished",
            run.describe());
  }

  /** The paths the two run checks covered: sync for operations offering it, the job path for async-only ones. */
  private CallPath[] paths() {
    return runnable().stream().map(op -> op.modes().contains(ExecutionMode.SYNC) ? CallPath.SYNC : CallPath.ASYNC)
        .distinct().sorted().toArray(CallPath[]::new);
  }

  private void settings(io.cynodeai.connector.core.EngineBuilder builder) {
    builder.limits(l -> l.withCircuitBreaker(1000, Duration.ofSeconds(30)));
  }

  private List<OperationDescriptor> runnable() {
    return DescriptorChecks.distinctOperations(type).stream()
        .filter(op -> !op.examples().isEmpty()).toList();
  }

  private List<String> leasedSecrets(ConnectorInstance instance) {
    CredentialVault vault = hooks.vault();
    if (vault == null || hooks.refs() == null) {
      return List.of();
    }
    Map<String, SecretRef> refs = hooks.refs().apply(instance);
    List<String> values = new ArrayList<>();
    try (CredentialVault.Scope scope = vault.open("certification-secret-scan", refs)) {
      Optional<CredentialLease> lease = scope.lease();
      if (lease.isPresent()) {
        for (String key : lease.get().keys()) {
          values.add(new String(lease.get().secret(key)));
        }
      }
    }
    return values;
  }

  private CheckResult secrets(List<String> secrets, Emitted emitted) {
    if (!emitted.problems.isEmpty()) {
      return CheckResult.fail(SECURITY, SECRETS, "not run: " + emitted.problems.get(0));
    }
    if (secrets.isEmpty()) {
      return CheckResult.notApplicable(SECURITY, SECRETS, "the instance leases no credentials");
    }
    List<String> searchable = secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH).toList();
    if (searchable.isEmpty()) {
      return CheckResult.fail(SECURITY, SECRETS, "every leased secret is shorter than " + MIN_SECRET_LENGTH
          + " characters, too short to search for: certify with realistic credentials");
    }
    for (String text : emitted.texts) {
      for (int i = 0; i < searchable.size(); i++) {
        if (text.contains(searchable.get(i))) {
          int at = text.indexOf(searchable.get(i));
          String around = text.substring(Math.max(0, at - 60), at).replace('\n', ' ');
          return CheckResult.fail(SECURITY, SECRETS, "leased secret #" + (i + 1) + " appears after: …" + around);
        }
      }
    }
    return CheckResult.pass(SECURITY, SECRETS, searchable.size() + " secret(s) searched in " + emitted.outcomes
        + " outcomes, " + emitted.events + " audit events, the instance record and the log output: not found");
  }

  private CheckResult network(Map<String, Outcome> denied, List<AuditEvent> egressEvents) {
    if (denied.isEmpty()) {
      return CheckResult.notApplicable(SECURITY, NETWORK, "no operation has an example to run");
    }
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    denied.forEach((op, outcome) -> {
      String got = CertificationHost.describe(outcome);
      boolean egressDenied = outcome instanceof Failed f && f.code().equals("egress_denied");
      if (offline.contains(op)) {
        seen.add(op + " (offline: " + got + ")");
        if (!outcome.succeeded()) {
          problems.add(op + " is declared offline but failed with every egress denied: " + got);
        }
      } else if (outcome.succeeded()) {
        problems.add(op + " succeeded with every egress denied: it connects around its context's network access"
            + " (or needs no network: declare it with offline(\"" + op + "\"))");
      } else if (!egressDenied) {
        problems.add(op + " with every egress denied: expected Failed POLICY_DENIED egress_denied, got " + got);
      } else {
        seen.add(op + " egress_denied");
      }
    });
    if (problems.isEmpty() && seen.stream().anyMatch(s -> s.endsWith("egress_denied")) && egressEvents.isEmpty()) {
      problems.add("calls failed egress_denied but no refused connection was audited");
    }
    return problems.isEmpty()
        ? CheckResult.pass(SECURITY, NETWORK, String.join(", ", seen) + "; " + egressEvents.size()
            + " refused connection(s) audited")
        : CheckResult.fail(SECURITY, NETWORK, String.join("\n", problems));
  }

  /** Everything the engines emitted, as text to search. */
  private static final class Emitted {
    final List<String> texts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    int outcomes;
    int events;

    void outcome(Outcome outcome) {
      outcomes++;
      texts.add(json(outcome));
    }

    void collect(CertificationHost host) {
      for (AuditEvent event : host.audit().events()) {
        events++;
        texts.add(Slf4jJsonAuditSink.toJson(event));
      }
      host.instance().ifPresent(instance -> texts.add(json(instance)));
    }

    static String json(Object value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return String.valueOf(value);
      }
    }
  }
}
