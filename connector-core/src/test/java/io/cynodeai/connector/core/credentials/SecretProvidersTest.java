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
  void filesDoNotFollowALinkOutOfTheirRoot(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("secrets"));
    Path outside = Files.writeString(tmp.resolve("host-only.txt"), "host-file-content");
    Files.createDirectories(root.resolve("mail"));
    Files.createSymbolicLink(root.resolve("mail/password"), outside);
    Files.createSymbolicLink(root.resolve("escape"), tmp);
    SecretProvider files = SecretProviders.files(root);

    assertThat(files.resolve("mail/password")).isEmpty();
    assertThat(files.exists("mail/password")).isFalse();
    assertThat(files.resolve("escape/host-only.txt")).isEmpty();
  }

  @Test
  void filesFollowLinksThatStayInsideTheRootAsKubernetesMountsThem(@TempDir Path root) throws Exception {
    Path data = Files.createDirectories(root.resolve("mail/..2026_12_04"));
    Files.writeString(data.resolve("password"), "mounted\n");
    Files.createSymbolicLink(root.resolve("mail/..data"), data.getFileName());
    Files.createSymbolicLink(root.resolve("mail/password"), Path.of("..data/password"));

    assertThat(SecretProviders.files(root).resolve("mail/password")).hasValueSatisfying(
        v -> assertThat(new String(v)).isEqualTo("mounted"));
  }

  @Test
  void aProviderMappedPerScopeAnswersEachScopeFromItsOwnMapping() throws Exception {
    ScopedSecretProvider perScope = SecretProviders.perScope("vault", scope -> scope.isHost() ? null
        : SecretProviders.environment(Map.of("TOKEN", "token-of-" + scope.id())));

    assertThat(perScope.resolve(SecretScope.project("a"), "TOKEN")).hasValueSatisfying(
        v -> assertThat(new String(v)).isEqualTo("token-of-a"));
    assertThat(perScope.resolve(SecretScope.user("bob"), "TOKEN")).hasValueSatisfying(
        v -> assertThat(new String(v)).isEqualTo("token-of-bob"));
    assertThat(perScope.resolve("TOKEN")).isEmpty();
    assertThat(perScope.exists(SecretScope.group("g"), "OTHER")).isFalse();
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

  @Test
  @org.junit.jupiter.api.Tag("REQ-DECL-004")
  void anEntryKeyOfASpecReferenceResolvesInEachBuiltInProvider(@TempDir Path root) throws Exception {
    SecretRef ref = new SecretRef("any", "imap-ops.creds").entryKey("password");
    Files.createDirectories(root.resolve("imap-ops.creds"));
    Files.writeString(root.resolve("imap-ops.creds/password"), "from-a-file\n");
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    store.put("imap-ops.creds/password", "from-the-store".toCharArray());
    SecretProvider env = SecretProviders.environment(Map.of("IMAP_OPS_CREDS_PASSWORD", "from-the-env",
        "plain_name", "as-written"));

    assertThat(ref.name()).isEqualTo("imap-ops.creds/password");
    assertThat(new String(SecretProviders.files(root).resolve(ref.name()).orElseThrow())).isEqualTo("from-a-file");
    assertThat(new String(store.resolve(ref.name()).orElseThrow())).isEqualTo("from-the-store");
    assertThat(new String(env.resolve(ref.name()).orElseThrow())).isEqualTo("from-the-env");
    assertThat(new String(env.resolve("plain_name").orElseThrow())).isEqualTo("as-written");
    assertThatThrownBy(() -> ref.entryKey(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @org.junit.jupiter.api.Tag("REQ-DECL-004")
  void aProviderCanAnswerToAnotherSchemeAndKeepsOwningItsSecrets() throws Exception {
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    store.put("mail/password", "p".toCharArray());
    SecretProvider vault = SecretProviders.as("cynode-vault", store);

    assertThat(vault.scheme()).isEqualTo("cynode-vault");
    assertThat(vault.holds("mail/password")).isTrue();
    assertThat(vault.erase("mail/password")).isTrue();
    assertThat(store.holds("mail/password")).isFalse();
    assertThatThrownBy(() -> CredentialVault.of(SecretProviders.as("Bad_Scheme", store)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad_Scheme");
  }

  @Test
  void aWholeEntryCoversItsKeysButNotOtherEntries() {
    SecretRef entry = SecretRef.parse("vault:mail");

    assertThat(entry.covers(SecretRef.parse("vault:mail"))).isTrue();
    assertThat(entry.covers(SecretRef.parse("vault:mail/password"))).isTrue();
    assertThat(entry.covers(SecretRef.parse("vault:mailbox/password"))).isFalse();
    assertThat(entry.covers(SecretRef.parse("store:mail/password"))).isFalse();
    assertThat(SecretRef.parse("vault:mail/password").covers(entry)).isFalse();
  }
}
