package io.cynodeai.connector.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-CRED-005")
class ScopeScrubTest {
  private static CredentialVault vault(String secret) {
    Map<String, String> env = Map.of("SECRET", secret);
    return CredentialVault.of(SecretProviders.environment(env::get));
  }

  @Test
  void aSecretRotatedDuringTheOperationIsStillScrubbedFromWhatItReturns() {
    CredentialVault vault = vault("old-secret-41d9");
    SecretRef ref = SecretRef.parse("env:SECRET");
    try (CredentialVault.Scope scope = vault.open(Map.of("secret", ref))) {
      scope.lease().orElseThrow();
      vault.rotated(ref);

      assertThat(scope.scrub("echo old-secret-41d9")).isEqualTo("echo [REDACTED]");
    }
  }

  @Test
  void closingTheScopeForgetsWhatItSearchedFor() {
    CredentialVault.Scope scope = vault("gone-secret-7c").open(Map.of("secret", SecretRef.parse("env:SECRET")));
    scope.lease().orElseThrow();
    scope.close();

    assertThat(scope.scrubs()).isFalse();
    assertThat(scope.scrub("gone-secret-7c")).isEqualTo("gone-secret-7c");
  }

  @Test
  void aPercentInTheSecretIsFoundAsItselfAndPercentEncoded() {
    try (CredentialVault.Scope scope = vault("50%25off!").open(Map.of("s", SecretRef.parse("env:SECRET")))) {
      scope.lease().orElseThrow();

      assertThat(scope.scrub("a 50%25off! b")).isEqualTo("a [REDACTED] b");
      assertThat(scope.scrub("a 50%2525off%21 b")).isEqualTo("a [REDACTED] b");
      assertThat(scope.scrub("a 50%2525off%2 b")).isEqualTo("a 50%2525off%2 b");
    }
  }

  @Test
  void aSpaceMayComeBackAsAPlusOrPercentTwenty() {
    try (CredentialVault.Scope scope = vault("open sesame").open(Map.of("s", SecretRef.parse("env:SECRET")))) {
      scope.lease().orElseThrow();

      assertThat(scope.scrub("q=open+sesame&r=open%20sesame&s=open sesame"))
          .isEqualTo("q=[REDACTED]&r=[REDACTED]&s=[REDACTED]");
      assertThat(scope.scrub("open+sesamE")).isEqualTo("open+sesamE");
    }
  }
}
