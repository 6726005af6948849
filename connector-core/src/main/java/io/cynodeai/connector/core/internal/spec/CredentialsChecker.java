package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.spi.CredentialKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code spec.credentials} (§19.4): only a reference, an OAuth request or encrypted values may appear.
 * Anything else under credentials is treated as a plain secret and refused; messages never quote values.
 */
final class CredentialsChecker {
  static final String BASE = "/spec/credentials";
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern ENCRYPTED = Pattern.compile(
      "^(ENC\\[[A-Za-z0-9_]+,data:[A-Za-z0-9+/=]+,.*]|-----BEGIN AGE ENCRYPTED FILE-----[\\s\\S]+"
          + "-----END AGE ENCRYPTED FILE-----\\s*)$");
  private static final Map<String, Set<String>> BLOCK_FIELDS = Map.of(
      "secretRef", Set.of("provider", "name", "keys"),
      "oauth", Set.of("provider", "scopes"),
      "encrypted", Set.of("keyId", "values"));

  private CredentialsChecker() {}

  static List<SpecProblem> check(SpecReader.Document doc) {
    JsonNode creds = doc.tree().path("spec").path("credentials");
    List<SpecProblem> out = new ArrayList<>();
    if (creds.isMissingNode()) {
      return out;
    }
    if (!creds.isObject()) {
      out.add(doc.problem(BASE, "schema_violation", "credentials must be a mapping"));
      return out;
    }
    String mode = creds.path("mode").asText("");
    if (!BLOCK_FIELDS.containsKey(mode) || !creds.path("mode").isTextual()) {
      out.add(doc.problem(BASE + "/mode", "schema_violation", "mode must be one of secretRef, oauth, encrypted"));
    }
    for (Iterator<String> it = creds.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("mode") && !key.equals(mode)) {
        out.add(plain(doc, BASE + "/" + SpecReader.escape(key), key));
      }
    }
    JsonNode block = creds.path(mode);
    if (!BLOCK_FIELDS.containsKey(mode)) {
      return out;
    }
    if (block.isMissingNode()) {
      if (!mode.equals("oauth")) {
        out.add(doc.problem(BASE, "schema_violation", "mode " + mode + " requires a '" + mode + "' block"));
      }
      return out;
    }
    String at = BASE + "/" + mode;
    if (!block.isObject()) {
      out.add(doc.problem(at, "schema_violation", mode + " must be a mapping"));
      return out;
    }
    for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!BLOCK_FIELDS.get(mode).contains(key)) {
        out.add(plain(doc, at + "/" + SpecReader.escape(key), key));
      }
    }
    switch (mode) {
      case "secretRef" -> secretRef(doc, block, at, out);
      case "oauth" -> oauth(doc, block, at, out);
      default -> encrypted(doc, block, at, out);
    }
    return out;
  }

  /**
   * The checks against the resolved type's declared credential keys ({@code ConnectorType.credentialKeys()}):
   * every key a {@code secretRef} or {@code encrypted} block maps must be declared ({@code
   * unknown_credential_key}) and every required one mapped ({@code credential_key_missing}). A type that declares
   * none, an {@code oauth} block and a spec without credentials (the host may supply them) are not checked.
   */
  static void declaredKeys(SpecReader.Document doc, RegisteredType type, List<SpecProblem> out) {
    List<CredentialKey> declared = type.type().credentialKeys();
    JsonNode creds = doc.tree().path("spec").path("credentials");
    String mode = creds.path("mode").asText("");
    String field = mode.equals("secretRef") ? "keys" : mode.equals("encrypted") ? "values" : null;
    JsonNode mapped = field == null ? null : creds.path(mode).path(field);
    if (declared.isEmpty() || mapped == null || !mapped.isObject()) {
      return;
    }
    String at = BASE + "/" + mode + "/" + field;
    List<String> names = declared.stream().map(CredentialKey::name).toList();
    for (Iterator<String> it = mapped.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!names.contains(key)) {
        out.add(doc.problem(at + "/" + SpecReader.escape(key), "unknown_credential_key", "connector type "
            + type.type().coordinates() + " declares no credential key '" + key + "' (it declares: "
            + String.join(", ", names) + ")"));
      }
    }
    for (CredentialKey key : declared) {
      if (key.required() && !mapped.has(key.name())) {
        out.add(doc.problem(at, "credential_key_missing", "connector type " + type.type().coordinates()
            + " requires the credential key '" + key.name() + "' (" + key.description() + ")"));
      }
    }
  }

  private static void secretRef(SpecReader.Document doc, JsonNode ref, String at, List<SpecProblem> out) {
    if (!ref.path("provider").isTextual() || !DNS_LABEL.matcher(ref.path("provider").asText()).matches()) {
      out.add(doc.problem(at + "/provider", "schema_violation", "provider must be a DNS-label-like name"));
    }
    if (!ref.path("name").isTextual() || ref.path("name").asText().isBlank()) {
      out.add(doc.problem(at + "/name", "schema_violation", "name must be a non-empty string"));
    }
    JsonNode keys = ref.path("keys");
    if (keys.isMissingNode() || keys.isObject() && keys.isEmpty()) {
      out.add(doc.problem(at + "/keys", "schema_violation", "keys must map at least one credential the connector"
          + " asks for to a key of the secret (for example username: username)"));
    } else {
      stringMap(doc, keys, at + "/keys", "keys maps credential fields to key names of the secret", out);
    }
  }

  private static void oauth(SpecReader.Document doc, JsonNode oauth, String at, List<SpecProblem> out) {
    if (oauth.has("provider") && !oauth.get("provider").isTextual()) {
      out.add(doc.problem(at + "/provider", "schema_violation", "provider must be a string"));
    }
    JsonNode scopes = oauth.path("scopes");
    if (!scopes.isMissingNode()) {
      boolean ok = scopes.isArray();
      for (JsonNode s : scopes) {
        ok &= s.isTextual();
      }
      if (!ok) {
        out.add(doc.problem(at + "/scopes", "schema_violation", "scopes must be a list of strings"));
      }
    }
  }

  private static void encrypted(SpecReader.Document doc, JsonNode enc, String at, List<SpecProblem> out) {
    if (!enc.path("keyId").isTextual() || enc.path("keyId").asText().isBlank()) {
      out.add(doc.problem(at + "/keyId", "schema_violation", "keyId must be a non-empty string"));
    }
    JsonNode values = enc.path("values");
    if (!values.isObject() || values.isEmpty()) {
      out.add(doc.problem(at + "/values", "schema_violation", "values must be a non-empty mapping"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() || !ENCRYPTED.matcher(e.getValue().asText()).matches()) {
        out.add(doc.problem(at + "/values/" + SpecReader.escape(e.getKey()), "plain_secret",
            "'" + e.getKey() + "' is not an encrypted value (SOPS ENC[...] or age armour); plain secrets are "
                + "not allowed in a spec"));
      }
    }
  }

  private static void stringMap(SpecReader.Document doc, JsonNode map, String at, String what,
      List<SpecProblem> out) {
    boolean ok = map.isObject();
    for (JsonNode v : map) {
      ok &= v.isTextual() && !v.asText().isBlank();
    }
    if (!ok) {
      out.add(doc.problem(at, "schema_violation", what + " (a mapping of strings)"));
    }
  }

  private static SpecProblem plain(SpecReader.Document doc, String pointer, String key) {
    return doc.problem(pointer, "plain_secret", "'" + key + "' is not a reference field: credentials may hold "
        + "only a secretRef, an oauth request or encrypted values, never a plain secret");
  }
}
