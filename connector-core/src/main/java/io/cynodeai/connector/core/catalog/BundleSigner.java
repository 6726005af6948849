package io.cynodeai.connector.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs connector bundles for {@link ConnectorBundles#load}: a build pipeline signs the JAR it publishes with
 * an Ed25519 private key ({@code KeyPairGenerator.getInstance("Ed25519")}), and hosts trust the public key
 * under the same id ({@link TrustedKeys}). Stateless and thread-safe.
 */
public final class BundleSigner {
  private BundleSigner() {}

  /**
   * The detached signature of {@code jar} made with {@code key}, naming {@code keyId}.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 private key
   * @throws UncheckedIOException if the JAR cannot be read
   */
  public static BundleSignature sign(Path jar, String keyId, PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (!TrustedKeys.isEd25519(key.getAlgorithm())) {
      throw new IllegalArgumentException("bundles are signed with Ed25519 keys, not " + key.getAlgorithm());
    }
    byte[] digest;
    try {
      digest = sha256(Files.readAllBytes(jar));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundle " + jar, e);
    }
    try {
      Signature s = Signature.getInstance(TrustedKeys.ALGORITHM);
      s.initSign(key);
      s.update(digest);
      return new BundleSignature(keyId, HexFormat.of().formatHex(digest), s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Signs {@code jar} and writes the signature's text form to {@code signatureFile}; returns the signature. */
  public static BundleSignature sign(Path jar, String keyId, PrivateKey key, Path signatureFile) {
    BundleSignature signature = sign(jar, keyId, key);
    try {
      Files.writeString(signatureFile, signature.toText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + signatureFile, e);
    }
    return signature;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
