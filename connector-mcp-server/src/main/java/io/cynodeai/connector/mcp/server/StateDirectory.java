package io.cynodeai.connector.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A state directory laid out as {@code connectorctl} lays it out: the H2 database {@code state.mv.db}, the audit
 * log {@code audit.jsonl} (one JSON event a line) and secrets in {@code secrets/<name>/<key>}, answering the
 * {@code file} and {@code cynode-vault} providers for every secret scope (one operator's directory). The
 * process environment ({@code env}) stays registered for the host only, out of any spec's reach.
 */
final class StateDirectory {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final Path dir;

  StateDirectory(Path dir) {
    this.dir = dir;
  }

  CredentialVault vault() {
    SecretProvider files = SecretProviders.files(dir.resolve("secrets"));
    return CredentialVault.of(SecretProviders.environment(), SecretProviders.perScope("file", scope -> files),
        SecretProviders.perScope("cynode-vault", scope -> files));
  }

  synchronized void audit(AuditEvent event) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("audit.jsonl"), JSON.writeValueAsString(event) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
