package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.credentials.CredentialVault;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a {@code credentials.secretRef} whose provider no {@link io.cynodeai.connector.core.credentials
 * .SecretProvider} of this engine answers to ({@code unknown_secret_provider} at {@code
 * /spec/credentials/secretRef/provider}); an engine without a vault knows no provider. Only the provider's
 * registration is checked: no secret is looked up. Runs on documents whose credentials are otherwise valid.
 * Thread-safe.
 */
@FunctionalInterface
public interface SecretProviderCheck {
  String POINTER = CredentialsChecker.BASE + "/secretRef/provider";

  /** The problems of {@code doc}'s secret reference; empty when it has none or its provider is registered. */
  List<SpecProblem> check(SpecReader.Document doc);

  /** The check against {@code vault}'s providers. */
  static SecretProviderCheck of(@Nullable CredentialVault vault) {
    return doc -> {
      JsonNode creds = doc.tree().path("spec").path("credentials");
      if (!creds.path("mode").asText().equals("secretRef")) {
        return List.of();
      }
      String provider = creds.path("secretRef").path("provider").asText();
      if (vault != null && vault.hasProvider(provider)) {
        return List.of();
      }
      return List.of(doc.problem(POINTER, "unknown_secret_provider", vault == null
          ? "this engine has no credential vault, so it cannot resolve secret provider '" + provider + "'"
          : "no secret provider '" + provider + "' is registered in this engine's credential vault"));
    };
  }
}
