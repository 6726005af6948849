package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.SECURITY;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The declared credential keys (§3, §8): a type that declares its keys ({@link
 * io.cynodeai.connector.spi.ConnectorType.Builder#credentialKey}) gets only those keys in every engine the
 * certification builds, so a connector that reads an undeclared key fails its health check or examples with
 * {@code credentials_missing}; and the check below says so, along with keys the certification maps but the
 * type does not declare and required keys it does not map. Stateless; thread-safe.
 */
final class CredentialKeyChecks {
  static final String NAME = "credentials: the connector reads only the keys it declares";

  private CredentialKeyChecks() {}

  /** {@code hooks} with the credential references cut down to the declared keys, if the type declares any. */
  static HostHooks restrict(ConnectorType type, HostHooks hooks) {
    if (type.credentialKeys().isEmpty() || hooks.refs() == null) {
      return hooks;
    }
    Set<String> declared = declared(type);
    Function<ConnectorInstance, Map<String, SecretRef>> all = hooks.refs();
    Function<ConnectorInstance, Map<String, SecretRef>> only = instance -> {
      Map<String, SecretRef> kept = new LinkedHashMap<>(all.apply(instance));
      kept.keySet().retainAll(declared);
      return kept;
    };
    return new HostHooks(hooks.network(), hooks.egress(), hooks.vault(), only);
  }

  /**
   * The verdict, given the hooks as the author configured them, the certified instance, and the contract
   * checks that ran with the declared keys only.
   */
  static CheckResult check(ConnectorType type, HostHooks hooks, ConnectorInstance instance,
      List<CheckResult> contract) {
    List<CredentialKey> keys = type.credentialKeys();
    Set<String> mapped = hooks.refs() == null ? Set.of() : hooks.refs().apply(instance).keySet();
    if (keys.isEmpty()) {
      return CheckResult.notApplicable(SECURITY, NAME, mapped.isEmpty() ? "the type declares no credential keys"
          : "the type declares no credential keys, though the certification maps " + String.join(", ", mapped)
              + ": declare each key the connector reads (ConnectorType.Builder.credentialKey) so hosts see what to"
              + " map and this check can run");
    }
    Set<String> declared = declared(type);
    List<String> problems = new ArrayList<>();
    List<String> undeclared = mapped.stream().filter(k -> !declared.contains(k)).sorted().toList();
    if (!undeclared.isEmpty()) {
      problems.add("the certification maps keys the type does not declare: " + String.join(", ", undeclared)
          + " (withheld from the connector)");
    }
    for (CredentialKey key : keys) {
      if (key.required() && !mapped.contains(key.name())) {
        problems.add("required key " + key.name() + " has no secret in the certification's credentials "
            + "(ConnectorCertification.credentials)");
      }
    }
    contract.stream().filter(c -> !c.passed() && c.detail().contains("credentials_missing"))
        .forEach(c -> problems.add("with only the declared keys mapped, " + c.displayName()
            + " failed credentials_missing: the connector reads a key it does not declare"));
    String summary = "declared: " + keys.stream().map(k -> k.name() + (k.required() ? " (required)" : ""))
        .collect(Collectors.joining(", ")) + "; mapped: " + (mapped.isEmpty() ? "none"
        : String.join(", ", mapped.stream().sorted().toList()));
    return problems.isEmpty()
        ? CheckResult.pass(SECURITY, NAME, summary + "; the health check and every example ran with the declared"
            + " keys only")
        : CheckResult.fail(SECURITY, NAME, String.join("\n", problems) + "\n" + summary);
  }

  private static Set<String> declared(ConnectorType type) {
    return type.credentialKeys().stream().map(CredentialKey::name).collect(Collectors.toUnmodifiableSet());
  }
}
