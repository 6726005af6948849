package io.cynodeai.connector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.store.jdbc.JdbcJobStore;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every command shares: output streams, the caller, and an embedded engine whose state (applied specs,
 * instances, jobs, idempotency records) lives in an H2 database in the state directory ({@code
 * state.mv.db}), so it persists from one run to the next, and whose audit events are appended to {@code
 * audit.jsonl} there. One {@code connectorctl} at a time may use a state directory (H2 locks the file).
 * The engine discovers connector types on the class path and trusts the local operator (allow-all policy):
 * {@code connectorctl} acts with the rights of whoever can write the state directory. Connectors reach public
 * addresses only unless {@code --egress} opens more, which is reported on standard error whenever the engine
 * starts.
 */
final class CliContext implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  private static final com.fasterxml.jackson.databind.ObjectWriter AUDIT_LINE = JSON.writer()
      .without(SerializationFeature.INDENT_OUTPUT);
  final PrintWriter out;
  final PrintWriter err;
  final boolean json;
  final Caller caller;
  private final Path stateDir;
  private final Connectorctl.Egress egress;
  private @Nullable ConnectorEngine engine;
  private @Nullable Stores stores;
  private final boolean allowIncompatibleMinorVersions;
  private java.io.@Nullable Writer auditLog;
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean interrupted;
  /** At Ctrl-C (or SIGTERM): flags the run as interrupted and lets it roll back and close before the JVM ends. */
  private final Thread shutdownHook = new Thread(() -> {
    interrupted = true;
    try {
      closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }, "connectorctl-shutdown");
  /** Instances installed during a tracked apply, by id, with their type: what a rollback removes. */
  private java.util.@Nullable Map<String, String> installed;

  /**
   * With {@code json}, standard output takes JSON documents as they are and standard error takes nothing;
   * otherwise both show control characters from input escaped ({@link Terminal}).
   */
  CliContext(PrintWriter out, PrintWriter err, boolean json, Path stateDir, String user, @Nullable String project,
      Connectorctl.Egress egress, boolean allowIncompatibleMinorVersions) {
    this.out = json ? out : Terminal.escaping(out);
    this.err = json ? new PrintWriter(java.io.Writer.nullWriter()) : Terminal.escaping(err);
    this.egress = egress;
    this.allowIncompatibleMinorVersions = allowIncompatibleMinorVersions;
    this.json = json;
    this.stateDir = stateDir;
    this.caller = Caller.user(user, project);
  }

  /** The engine, without job workers: jobs submitted by this run wait for a run that works on them. */
  ConnectorEngine engine() {
    return engine(null);
  }

  /** Where the secrets a spec's cynode-vault: and file: references name are read from. */
  Path secretsDirectory() {
    return stateDir.resolve("secrets");
  }

  /** Whether the state directory holds a state database yet; read-only commands do not create one. */
  boolean hasState() {
    return Files.exists(stateDir.resolve("state.mv.db"));
  }

  /**
   * The engine with one job worker that claims job {@code jobId} and no other, so {@code jobs get --wait} runs
   * the job it waits for and leaves every other pending job as it is.
   */
  ConnectorEngine engineRunning(String jobId) {
    return engine(jobId);
  }

  private ConnectorEngine engine(@Nullable String onlyJob) {
    if (engine == null) {
      Stores opened = Stores.h2(stateDir.resolve("state"), false); // closed by close(), also at Ctrl-C
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      try {
        EngineBuilder builder = ConnectorEngines.builder().discoverConnectors().stores(opened)
            .jobs(j -> j.withWorkers("connectorctl-" + ProcessHandle.current().pid(), onlyJob == null ? 0 : 1,
                Duration.ofSeconds(30)))
            .policy(ctx -> PolicyDecision.allow("local operator")).tenancy(TenancyRules.singleTenant())
            .credentials(vault())
            .egress(egress.policy)
            .auditSink(this::audit);
        if (onlyJob != null) {
          builder.jobStore(new OneJobStore((JdbcJobStore) opened.jobs(), onlyJob)).jobs(j -> j.withPollInterval(
              Duration.ofMillis(20)));
        }
        if (allowIncompatibleMinorVersions) {
          builder.allowIncompatibleMinorVersions();
        }
        engine = builder.build();
        if (egress != Connectorctl.Egress.PUBLIC) {
          err.println("warning: egress opened (--egress " + egress.name().toLowerCase(java.util.Locale.ROOT)
              + "): connectors may reach " + (egress == Connectorctl.Egress.LOOPBACK ? "this machine's loopback"
              + " addresses" : "every address, private networks and cloud metadata included"));
        }
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      stores = opened;
    }
    return engine;
  }

  /**
   * The secret providers a spec's {@code secretRef} may name here: {@code file} (files below {@code
   * <state-dir>/secrets}, {@code name/key} being the file {@code secrets/name/key}) and {@code cynode-vault},
   * the provider the specification's examples name, answered from the same files, so the seed spec validates
   * and applies as written. connectorctl serves one operator, so that directory is mapped for every secret
   * scope on purpose. The process environment ({@code env}) is registered for the host only: a spec cannot
   * reach it ({@code secret_not_in_scope}), so a spec file never makes the tool send its environment anywhere.
   */
  private CredentialVault vault() {
    SecretProvider files = SecretProviders.files(secretsDirectory());
    return CredentialVault.of(SecretProviders.environment(), SecretProviders.perScope("file", scope -> files),
        SecretProviders.perScope("cynode-vault", scope -> files));
  }

  /**
   * Appends {@code event} to {@code audit.jsonl} as one line, written at once (no buffering across events, so a
   * killed process loses no event it was told about), through one channel opened on the first event.
   */
  private synchronized void audit(AuditEvent event) {
    if (installed != null && event.type() == io.cynodeai.connector.api.audit.AuditEventType.LIFECYCLE
        && event.action().equals("install") && event.outcome().equals(AuditEvent.SUCCEEDED)
        && event.connectorInstanceId() != null) {
      installed.put(event.connectorInstanceId(), String.valueOf(event.connectorType()));
    }
    try {
      if (auditLog == null) {
        Files.createDirectories(stateDir);
        auditLog = Files.newBufferedWriter(stateDir.resolve("audit.jsonl"), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      auditLog.write(AUDIT_LINE.writeValueAsString(event));
      auditLog.write('\n');
      auditLog.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the process was told to stop (Ctrl-C, SIGTERM); a long apply then stops and rolls back. */
  boolean interrupted() {
    return interrupted;
  }

  /** From now on, remembers the instances the engine installs, for {@link #auditRollback}. */
  synchronized void trackInstalls() {
    installed = new java.util.LinkedHashMap<>();
  }

  /**
   * Audits the removal of every instance installed since {@link #trackInstalls}: the batch's transaction was
   * rolled back, so the log's install and enable events are followed by what undid them.
   */
  synchronized void auditRollback(String reason) {
    if (installed == null) {
      return;
    }
    java.util.Map<String, String> removed = installed;
    installed = null;
    removed.forEach((id, type) -> audit(AuditEvent.builder(io.cynodeai.connector.api.audit.AuditEventType.LIFECYCLE,
        java.time.Instant.now()).action("uninstall").caller(caller.userId(), caller.projectId())
        .instance(id, type).succeeded().detail("reason", reason).build()));
  }

  /** Prints {@code value} as JSON, line by line (JSON escapes control characters in strings itself). */
  void printJson(Object value) {
    try {
      JSON.writeValueAsString(value).lines().forEach(out::println);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reports a failure: on standard error, or with {@code -o json} as a JSON document on standard output. */
  void fail(String outcome, String message) {
    if (json) {
      printJson(java.util.Map.of("outcome", outcome, "message", message));
    } else {
      err.println(message);
    }
  }

  private synchronized void closeAuditLog() {
    if (auditLog != null) {
      try {
        auditLog.close();
      } catch (IOException e) {
        err.println("warning: closing the audit log failed: " + e.getMessage());
      }
      auditLog = null;
    }
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    if (stores != null) {
      stores.close();
    }
    closeAuditLog();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down (the hook is running and waits for this close) or never registered
    }
    out.flush();
    err.flush();
  }
}
