package io.cynodeai.connector.core.internal.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interactive authorizations in progress (§19.7), by instance: the opaque state handed to the provider and the
 * URL the user must open; and the instances whose authorization completed. Kept in memory: after a restart an
 * instance waiting for authorization is asked again. Thread-safe.
 */
final class PendingAuthorizations {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> authorized = ConcurrentHashMap.newKeySet();

  /** One authorization waiting for the user. */
  record Pending(String state, String url) {}

  static String newState() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void start(String name, String state, String url) {
    authorized.remove(name);
    pending.put(name, new Pending(state, url));
  }

  Optional<Pending> find(String name) {
    return Optional.ofNullable(pending.get(name));
  }

  /** Completes the authorization if {@code state} is the one handed out; compares in constant time. */
  boolean complete(String name, String state) {
    Pending p = pending.get(name);
    if (p == null || !MessageDigest.isEqual(p.state().getBytes(StandardCharsets.UTF_8),
        state.getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    pending.remove(name);
    authorized.add(name);
    return true;
  }

  boolean isAuthorized(String name) {
    return authorized.contains(name);
  }

  void forget(String name) {
    pending.remove(name);
    authorized.remove(name);
  }
}
