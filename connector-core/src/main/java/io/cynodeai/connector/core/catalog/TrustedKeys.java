package io.cynodeai.connector.core.catalog;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Ed25519 public keys a host trusts to sign connector bundles, each under a key id that signatures name.
 * Immutable and thread-safe; {@link #with} returns a new set.
 */
public final class TrustedKeys {
  static final String ALGORITHM = "Ed25519";
  private final Map<String, PublicKey> keys;

  private TrustedKeys(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** Trusts no key: every bundle is refused. */
  public static TrustedKeys none() {
    return new TrustedKeys(Map.of());
  }

  /** Trusts one key. */
  public static TrustedKeys of(String keyId, PublicKey key) {
    return none().with(keyId, key);
  }

  /**
   * This set plus {@code key} under {@code keyId}.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 key or the id is blank or taken
   */
  public TrustedKeys with(String keyId, PublicKey key) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    if (keyId.isBlank() || keyId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a key id must be non-blank and without whitespace");
    }
    if (!isEd25519(key.getAlgorithm())) {
      throw new IllegalArgumentException("bundle keys must be Ed25519, not " + key.getAlgorithm());
    }
    if (keys.containsKey(keyId)) {
      throw new IllegalArgumentException("key id '" + keyId + "' is already trusted");
    }
    Map<String, PublicKey> next = new LinkedHashMap<>(keys);
    next.put(keyId, key);
    return new TrustedKeys(next);
  }

  /**
   * This set plus the key in its X.509 (SubjectPublicKeyInfo) encoding, as {@code PublicKey.getEncoded()}
   * gives it.
   */
  public TrustedKeys withEncoded(String keyId, byte[] x509) {
    try {
      return with(keyId, KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509)));
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalArgumentException("not an Ed25519 public key in X.509 encoding", e);
    }
  }

  public Optional<PublicKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  public Set<String> keyIds() {
    return keys.keySet();
  }

  static boolean isEd25519(String algorithm) {
    return ALGORITHM.equalsIgnoreCase(algorithm) || "EdDSA".equalsIgnoreCase(algorithm);
  }
}
