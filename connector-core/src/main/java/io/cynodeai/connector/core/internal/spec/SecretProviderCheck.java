package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretScope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code credentials.secretRef} against this engine's vault before anything is leased, connected or
 * health-checked: its provider must be registered ({@code unknown_secret_provider} at {@code
 * /spec/credentials/secretRef/provider}; an engine without a vault knows no provider), and every key it maps
 * must be within the reach of the spec's {@link SecretScope} (its project, else its owner): the scope's own
 * secret, or a host secret granted to the scope ({@code secret_not_in_scope} at {@code
 * /spec/credentials/secretRef/name}). The refusal reads the same whether the secret belongs to another tenant
 * or does not exist. Runs on documents whose credentials are otherwise valid. Thread-safe.
 */
@FunctionalInterface
public interface SecretProviderCheck {
  String POINTER = CredentialsChecker.BASE + "/secretRef/provider";
  String NAME_POINTER = CredentialsChecker.BASE + "/secretRef/name";

  /** The problems of {@code doc}'s secret reference; empty when it has none or it is within reach. */
  List<SpecProblem> check(SpecReader.Document doc);

  /** The check against {@code vault}'s providers and grants. */
  static SecretProviderCheck of(@Nullable CredentialVault vault) {
    return doc -> {
      JsonNode creds = doc.tree().path("spec").path("credentials");
      if (!creds.path("mode").asText().equals("secretRef")) {
        return List.of();
      }
      JsonNode ref = creds.path("secretRef");
      String provider = ref.path("provider").asText();
      if (vault == null || !vault.hasProvider(provider)) {
        return List.of(doc.problem(POINTER, "unknown_secret_provider", vault == null
            ? "this engine has no credential vault, so it cannot resolve secret provider '" + provider + "'"
            : "no secret provider '" + provider + "' is registered in this engine's credential vault"));
      }
      SecretScope scope = scope(doc.tree().path("metadata"));
      if (scope == null) {
        return List.of(); // the envelope check reports the malformed owner
      }
      SecretRef entry = new SecretRef(provider, ref.path("name").asText());
      List<String> outside = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = ref.path("keys").fields(); it.hasNext(); ) {
        String key = it.next().getValue().asText();
        if (vault.reach(scope, entry.entryKey(key)).isEmpty()) {
          outside.add(key);
        }
      }
      if (outside.isEmpty()) {
        return List.of();
      }
      return List.of(doc.problem(NAME_POINTER, "secret_not_in_scope", "secret " + entry + " (key"
          + (outside.size() == 1 ? " " : "s ") + String.join(", ", outside) + ") is not within the reach of "
          + scope + ": a spec reaches only its own scope's secrets and host secrets the host granted to it"));
    };
  }

  /** The secret scope a spec's metadata declares, or null when its owner is malformed. */
  private static @Nullable SecretScope scope(JsonNode metadata) {
    JsonNode owner = metadata.path("owner");
    String id = owner.path("id").asText("");
    String type = owner.path("type").asText("").toUpperCase(Locale.ROOT);
    if (id.isBlank() || !(type.equals("USER") || type.equals("GROUP"))) {
      return null;
    }
    JsonNode project = metadata.path("projectId");
    return SecretScope.of(new OwnerScope(OwnerScope.Type.valueOf(type), id),
        project.isTextual() && !project.asText().isBlank() ? project.asText() : null);
  }
}
