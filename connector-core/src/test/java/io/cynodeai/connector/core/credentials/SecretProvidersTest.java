package io.cynodeai.connector.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretProvidersTest {

  @Test
  void environmentReadsTheVariable() throws Exception {
    SecretProvider env = SecretProviders.environment(Map.of("TOKEN", "t-1"));

    assertThat(env.resolve("TOKEN")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("t-1"));
    assertThat(env.resolve("OTHER")).isEmpty();
  }

  @Test
  void filesReadBelowTheRootWithoutTheTrailingNewline(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("github"));
    Files.writeString(root.resolve("github/token"), "t-2\n");
    Files.writeString(root.getParent().resolve("outside-" + root.getFileName()), "nope");
    SecretProvider files = SecretProviders.files(root);

    assertThat(files.resolve("github/token")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("t-2"));
    assertThat(files.resolve("../outside-" + root.getFileName())).isEmpty();
    assertThat(files.resolve("missing")).isEmpty();
  }

  @Test
  void aReferenceIsParsedAndPrintedAsProviderColonName() {
    assertThat(SecretRef.parse("store:github-token")).isEqualTo(new SecretRef("store", "github-token"));
    assertThat(SecretRef.parse("file:a/b:c").toString()).isEqualTo("file:a/b:c");
    assertThatThrownBy(() -> SecretRef.parse("github-token"))
        .hasMessage("secret reference 'github-token' must be written provider:name");
  }

  @Test
  void anUnknownReferenceOrProviderIsAClearFailure() {
    CredentialVault vault = CredentialVault.of(SecretProviders.environment(Map.of()));
    try (CredentialVault.Scope scope = vault.open(Map.of("token", SecretRef.parse("env:MISSING")))) {
      assertThatThrownBy(scope::lease).isInstanceOf(CredentialUnavailableException.class)
          .hasMessage("credential 'token' (env:MISSING) does not exist");
    }
    try (CredentialVault.Scope scope = vault.open(Map.of("token", SecretRef.parse("vault:kv/github")))) {
      assertThatThrownBy(scope::lease).hasMessage("credential 'token' (vault:kv/github) names no configured"
          + " secret provider");
    }
  }
}
