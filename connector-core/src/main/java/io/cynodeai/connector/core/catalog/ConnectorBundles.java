package io.cynodeai.connector.core.catalog;

import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.BAD_SIGNATURE;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.DIGEST_MISMATCH;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.MALFORMED_SIGNATURE;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.MISSING_SIGNATURE;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.NO_PROVIDER;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.UNREADABLE_BUNDLE;
import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.UNTRUSTED_KEY;

import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads signed connector bundles (§13): a JAR holding one or more {@link ConnectorProvider}s (declared in
 * {@code META-INF/services/io.cynodeai.connector.spi.ConnectorProvider}) and a detached {@link
 * BundleSignature} made by {@link BundleSigner}. The JAR is read once; its SHA-256 digest must equal the signed
 * digest and the Ed25519 signature must verify with the trusted key the signature names. Only then are the
 * verified bytes written to a private copy and loaded, in a class loader of their own whose parent is the
 * connector SPI's loader, so what runs is exactly what was verified even if the file changes afterwards.
 * Providers visible through the parent (already on the host's class path) are not part of the bundle.
 * Anything wrong is an {@link InvalidBundleException} and nothing is loaded; bundles over 256 MiB are refused
 * unread. Stateless and thread-safe.
 */
public final class ConnectorBundles {
  /** The largest bundle read (256 MiB); a connector JAR is far smaller. */
  static final long MAX_BUNDLE_BYTES = 256L * 1024 * 1024;

  private ConnectorBundles() {}

  /**
   * Verifies and loads a bundle.
   *
   * @param jar the bundle
   * @param signature its signature file, in {@link BundleSignature}'s text form
   * @param keys the keys the host trusts
   * @throws InvalidBundleException if the bundle cannot be read, the signature is missing, malformed, by an
   *     untrusted key or does not verify, the JAR is not what was signed, or it holds no connector provider
   */
  public static ConnectorBundle load(Path jar, Path signature, TrustedKeys keys) {
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(keys, "keys");
    BundleSignature sig = readSignature(signature);
    byte[] bytes;
    try {
      if (Files.size(jar) > MAX_BUNDLE_BYTES) {
        throw new InvalidBundleException(UNREADABLE_BUNDLE, "connector bundle " + jar.getFileName()
            + " is larger than " + MAX_BUNDLE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(jar);
    } catch (IOException e) {
      throw new InvalidBundleException(UNREADABLE_BUNDLE, "cannot read connector bundle " + jar.getFileName()
          + " (" + e.getClass().getSimpleName() + ")", e);
    }
    verify(bytes, sig, keys);
    return loadVerified(bytes, sig);
  }

  /**
   * Checks {@code bytes} against {@code sig}: the key is trusted, the digest matches, the signature verifies.
   *
   * @throws InvalidBundleException if any of that fails
   */
  static void verify(byte[] bytes, BundleSignature sig, TrustedKeys keys) {
    PublicKey key = keys.find(sig.keyId()).orElseThrow(() -> new InvalidBundleException(UNTRUSTED_KEY,
        "the bundle is signed with key '" + sig.keyId() + "', which this host does not trust"));
    byte[] digest = BundleSigner.sha256(bytes);
    if (!MessageDigest.isEqual(digest, sig.digestBytes())) {
      throw new InvalidBundleException(DIGEST_MISMATCH, "the bundle's SHA-256 digest "
          + HexFormat.of().formatHex(digest) + " is not the signed digest " + sig.sha256()
          + ": the JAR was changed after signing");
    }
    boolean valid;
    try {
      Signature s = Signature.getInstance(TrustedKeys.ALGORITHM);
      s.initVerify(key);
      s.update(digest);
      valid = s.verify(sig.signature());
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new InvalidBundleException(BAD_SIGNATURE, "the bundle's signature does not verify with trusted key '"
          + sig.keyId() + "'");
    }
  }

  private static BundleSignature readSignature(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidBundleException(MISSING_SIGNATURE, "the bundle has no signature file "
          + file.getFileName(), e);
    } catch (IOException e) {
      throw new InvalidBundleException(MALFORMED_SIGNATURE, "cannot read the bundle signature "
          + file.getFileName() + " (" + e.getClass().getSimpleName() + ")", e);
    }
    return BundleSignature.parse(text);
  }

  private static ConnectorBundle loadVerified(byte[] bytes, BundleSignature sig) {
    Path copy;
    try {
      copy = privateCopy(bytes);
    } catch (IOException e) {
      throw new InvalidBundleException(UNREADABLE_BUNDLE, "cannot stage the verified bundle ("
          + e.getClass().getSimpleName() + ")", e);
    }
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("connector-bundle-" + sig.sha256().substring(0, 12),
          new URL[] {copy.toUri().toURL()}, ConnectorProvider.class.getClassLoader());
    } catch (IOException e) {
      deleteQuietly(copy);
      throw new InvalidBundleException(UNREADABLE_BUNDLE, "cannot open the verified bundle", e);
    }
    List<ConnectorProvider> providers = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<ConnectorProvider> p
          : ServiceLoader.load(ConnectorProvider.class, loader).stream().toList()) {
        if (p.type().getClassLoader() == loader) {
          providers.add(p.get());
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      close(loader, copy);
      throw new InvalidBundleException(NO_PROVIDER, "the bundle's connector provider cannot be loaded: "
          + e.getMessage(), e);
    }
    if (providers.isEmpty()) {
      close(loader, copy);
      throw new InvalidBundleException(NO_PROVIDER, "the bundle declares no connector provider of its own (META-INF"
          + "/services/" + ConnectorProvider.class.getName() + ")");
    }
    return new ConnectorBundle(sig, providers, loader, copy);
  }

  private static Path privateCopy(byte[] bytes) throws IOException {
    Path copy;
    try {
      copy = Files.createTempFile("connector-bundle-", ".jar",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      copy = Files.createTempFile("connector-bundle-", ".jar");
    }
    Files.write(copy, bytes);
    copy.toFile().deleteOnExit();
    return copy;
  }

  private static void close(URLClassLoader loader, Path copy) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // the copy is deleted below regardless
    }
    deleteQuietly(copy);
  }

  private static void deleteQuietly(Path copy) {
    try {
      Files.deleteIfExists(copy);
    } catch (IOException ignored) {
      // deleteOnExit is the fallback
    }
  }
}
