package io.cynodeai.connector.testkit;

import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets of a {@link TestHost}'s instance, held in memory under scheme {@value #SCHEME}: each credential key
 * refers to the secret of the same name, read afresh on every lease, so that a test can change one behind the
 * engine's back (a password rotated elsewhere). Thread-safe.
 */
final class HeldSecrets implements SecretProvider {
  static final String SCHEME = "test";

  private final Map<String, char[]> values = new ConcurrentHashMap<>();

  HeldSecrets(Map<String, char[]> initial) {
    initial.forEach(this::put);
  }

  void put(String key, char[] value) {
    values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value").clone());
  }

  /** The instance's credential references: every key held now, each to its own secret. */
  Map<String, SecretRef> refs() {
    Map<String, SecretRef> refs = new LinkedHashMap<>();
    values.keySet().stream().sorted().forEach(k -> refs.put(k, new SecretRef(SCHEME, k)));
    return Map.copyOf(refs);
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Optional<char[]> resolve(String name) {
    char[] value = values.get(name);
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }
}
