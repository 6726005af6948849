package io.cynodeai.connector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * What every command shares: output streams, the caller, and an embedded engine whose applied specs live in
 * the state directory ({@code specs/}) and whose audit events are appended to {@code audit.jsonl} there.
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

  CliContext(PrintWriter out, PrintWriter err, boolean json, Path stateDir, String user, @Nullable String project) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.stateDir = stateDir;
    this.caller = Caller.user(user, project);
  }

  /** The engine; instances are rebuilt from the stored specs when {@code live} (health checks run). */
  ConnectorEngine engine(boolean live) {
    if (engine == null) {
      FileSpecStore store = new FileSpecStore(stateDir.resolve("specs"));
      ConnectorEngine built = ConnectorEngines.builder().discoverConnectors().specStore(store)
          .policy(ctx -> PolicyDecision.allow("local operator")).tenancy(TenancyRules.singleTenant())
          .auditSink(this::audit).build();
      store.parser(built.specs()::validate);
      engine = built;
      if (live) {
        built.specs().reconcile(caller);
      }
    }
    return engine;
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
    out.flush();
    err.flush();
  }
}
