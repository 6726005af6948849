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
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.store.Stores;
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
 * {@code connectorctl} acts with the rights of whoever can write the state directory.
 */
final class CliContext implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  final PrintWriter out;
  final PrintWriter err;
  final boolean json;
  final Caller caller;
  private final Path stateDir;
  private @Nullable ConnectorEngine engine;
  private @Nullable Stores stores;
  private final boolean allowIncompatibleMinorVersions;

  CliContext(PrintWriter out, PrintWriter err, boolean json, Path stateDir, String user, @Nullable String project,
      boolean allowIncompatibleMinorVersions) {
    this.allowIncompatibleMinorVersions = allowIncompatibleMinorVersions;
    this.out = out;
    this.err = err;
    this.json = json;
    this.stateDir = stateDir;
    this.caller = Caller.user(user, project);
  }

  /** The engine, without job workers: jobs submitted by this run wait for a run that works on them. */
  ConnectorEngine engine() {
    return engine(0);
  }

  /**
   * The engine; with {@code jobWorkers > 0} it claims and runs pending jobs (of any run) while this
   * process lives.
   */
  ConnectorEngine engine(int jobWorkers) {
    if (engine == null) {
      Stores opened = Stores.h2(stateDir.resolve("state"));
      try {
        EngineBuilder builder = ConnectorEngines.builder().discoverConnectors().stores(opened)
            .jobWorkers("connectorctl-" + ProcessHandle.current().pid(), jobWorkers, Duration.ofSeconds(30))
            .policy(ctx -> PolicyDecision.allow("local operator")).tenancy(TenancyRules.singleTenant())
            .credentials(vault())
            .auditSink(this::audit);
        if (allowIncompatibleMinorVersions) {
          builder.allowIncompatibleMinorVersions();
        }
        engine = builder.build();
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      stores = opened;
    }
    return engine;
  }

  /**
   * The secret providers a spec's {@code secretRef} may name here: {@code env} (the process environment; {@code
   * name/key} is the variable {@code NAME_KEY}), {@code file} (files below {@code <state-dir>/secrets}, {@code
   * name/key} being the file {@code secrets/name/key}) and {@code cynode-vault}, the provider the
   * specification's examples name, answered from the same files, so the seed spec validates and applies as
   * written.
   */
  private CredentialVault vault() {
    Path secrets = stateDir.resolve("secrets");
    return CredentialVault.of(SecretProviders.environment(), SecretProviders.files(secrets),
        SecretProviders.as("cynode-vault", SecretProviders.files(secrets)));
  }

  private void audit(AuditEvent event) {
    try {
      Files.createDirectories(stateDir);
      Files.writeString(stateDir.resolve("audit.jsonl"),
          JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(event) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    out.flush();
    err.flush();
  }
}
