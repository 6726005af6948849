package io.cynodeai.connector.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The secret files the seed spec's {@code cynode-vault:imap-ops-mail-creds} references: connectorctl reads them
 * below {@code <state-dir>/secrets}, and a spec's reference must name a secret that exists within its reach.
 */
final class SeedSecrets {
  private SeedSecrets() {}

  /** Writes the seed's username and password files below {@code stateDir}. */
  static void write(Path stateDir) throws IOException {
    Path secrets = Files.createDirectories(stateDir.resolve("secrets/imap-ops-mail-creds"));
    Files.writeString(secrets.resolve("username"), "ops\n");
    Files.writeString(secrets.resolve("password"), "imap-password-for-the-test\n");
  }
}
