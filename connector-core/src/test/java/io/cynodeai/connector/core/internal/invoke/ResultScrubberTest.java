package io.cynodeai.connector.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultScrubberTest {
  private static final String TOKEN = "tok-5e1f0a9b77";

  private static CredentialVault.Scope leased() {
    Map<String, String> env = Map.of("TOKEN", TOKEN);
    CredentialVault.Scope scope = CredentialVault.of(SecretProviders.environment(env::get))
        .open(Map.of("token", SecretRef.parse("env:TOKEN")));
    scope.lease().orElseThrow();
    return scope;
  }

  @Test
  void anAnswerWithoutSecretsIsReturnedAsItIsWithItsTreeUncopied() {
    JsonNode tree = JsonResources.parse("{\"a\":{\"b\":[\"x\",{\"c\":\"y\"}]},\"d\":1}");
    HandlerResult result = HandlerResult.of(tree).withWarning("fine");
    try (CredentialVault.Scope scope = leased()) {
      HandlerResult out = ResultScrubber.scrub(result, scope);

      assertThat(out).isSameAs(result);
      assertThat(out.json()).isSameAs(tree);
    }
  }

  @Test
  void onlyThePathToTheSecretIsCopiedTheRestIsShared() {
    JsonNode tree = JsonResources.parse("{\"a\":{\"b\":[\"x\",\"" + TOKEN + "\"]},\"d\":{\"e\":1}}");
    try (CredentialVault.Scope scope = leased()) {
      JsonNode out = ResultScrubber.scrub(HandlerResult.of(tree), scope).json();

      assertThat(out.toString()).isEqualTo("{\"a\":{\"b\":[\"x\",\"[REDACTED]\"]},\"d\":{\"e\":1}}");
      assertThat(out.get("d")).isSameAs(tree.get("d"));
      assertThat(out.path("a").path("b").get(0)).isSameAs(tree.path("a").path("b").get(0));
      assertThat(tree.toString()).contains(TOKEN); // the handler's tree is left as it was
    }
  }

  @Test
  void aScrubbedAnswerKeepsItsStatusQuotaResetAndWarningOrder() {
    HandlerResult result = HandlerResult.of(JsonResources.parse("{\"t\":\"" + TOKEN + "\"}"))
        .withProviderStatus(202).withQuotaReset(Duration.ofSeconds(30)).withWarning("first")
        .withWarning("second " + TOKEN);
    try (CredentialVault.Scope scope = leased()) {
      HandlerResult out = ResultScrubber.scrub(result, scope);

      assertThat(out.providerStatus()).isEqualTo(202);
      assertThat(out.quotaReset()).isEqualTo(Duration.ofSeconds(30));
      assertThat(out.warnings()).containsExactly("first", "second [REDACTED]", ResultScrubber.WARNING);
    }
  }

  @Test
  void aScopeThatLeasedNothingReturnsTheAnswerAsItIs() {
    HandlerResult result = HandlerResult.ofRawJson("{\"t\":\"" + TOKEN + "\"}");
    try (CredentialVault.Scope scope = CredentialVault.none()) {
      assertThat(ResultScrubber.scrub(result, scope)).isSameAs(result);
    }
  }

  @Test
  void textThatIsNotJsonIsScrubbedAsText() {
    try (CredentialVault.Scope scope = leased()) {
      HandlerResult out = ResultScrubber.scrub(HandlerResult.ofRawJson("not json " + TOKEN), scope);

      assertThat(out.rawJson()).isEqualTo("not json [REDACTED]");
    }
  }
}
