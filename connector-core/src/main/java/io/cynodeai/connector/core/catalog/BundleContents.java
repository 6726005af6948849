package io.cynodeai.connector.core.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * One bounded pass over a bundle JAR, shared by {@link BundleScanner} and {@link DependencyReviewer}: the
 * bundle's SHA-256, every entry in file order with the bytes actually inflated (never more than the policy's
 * limits, never written to disk), and the text of the small metadata entries (manifest, service registrations,
 * Maven {@code pom.properties}; metadata over 64 KiB is listed as oversized instead), and the names in its
 * central directory (see {@link CentralDirectory}). Immutable once read.
 */
record BundleContents(String name, String sha256, List<Entry> entries, Map<String, byte[]> metadata,
    List<String> oversizedMetadata, @Nullable List<String> centralNames, @Nullable String stoppedBecause,
    @Nullable String unreadable) {

  /** Metadata entries larger than this are not kept (their content is not needed whole). */
  static final int MAX_METADATA_BYTES = 64 * 1024;

  /**
   * An entry as read.
   *
   * @param name the entry name as stored
   * @param inflated uncompressed bytes read
   * @param compressed compressed size once read, or -1 when unknown
   * @param cutOff whether reading stopped at the per-entry limit
   * @param head the entry's first bytes (up to 4)
   */
  record Entry(String name, long inflated, long compressed, boolean cutOff, byte[] head) {
    boolean startsWith(byte... magic) {
      return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
    }
  }

  /** Reads {@code jar} within {@code policy}'s limits; a file that is no ZIP gives {@code unreadable}. */
  static BundleContents read(Path jar, ScanPolicy policy) {
    String name = String.valueOf(jar.getFileName());
    byte[] bytes;
    try {
      if (Files.size(jar) > ConnectorBundles.MAX_BUNDLE_BYTES) {
        return failed(name, "", "the bundle is larger than " + ConnectorBundles.MAX_BUNDLE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(jar);
    } catch (IOException e) {
      return failed(name, "", "the bundle cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    String sha = sha256(bytes);
    List<Entry> entries = new ArrayList<>();
    Map<String, byte[]> metadata = new LinkedHashMap<>();
    List<String> oversized = new ArrayList<>();
    List<String> central = CentralDirectory.names(bytes);
    long total = 0;
    byte[] buf = new byte[8192];
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry ze;
      while ((ze = zip.getNextEntry()) != null) {
        if (entries.size() >= policy.maxEntries()) {
          return new BundleContents(name, sha, entries, metadata, oversized, central, "it has more than "
              + policy.maxEntries() + " entries", null);
        }
        boolean keep = !ze.isDirectory() && isMetadata(ze.getName());
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
        byte[] head = new byte[0];
        long inflated = 0;
        boolean cutOff = false;
        int n;
        while ((n = zip.read(buf)) > 0) {
          if (head.length < 4) {
            int old = head.length;
            int take = Math.min(4 - old, n);
            head = Arrays.copyOf(head, old + take);
            System.arraycopy(buf, 0, head, old, take);
          }
          inflated += n;
          total += n;
          if (kept != null) {
            kept.write(buf, 0, n);
            if (kept.size() > MAX_METADATA_BYTES) {
              oversized.add(ze.getName());
              kept = null;
            }
          }
          if (inflated > policy.maxEntryBytes()) {
            cutOff = true;
            break;
          }
          if (total > policy.maxTotalBytes()) {
            entries.add(new Entry(ze.getName(), inflated, -1, true, head));
            return new BundleContents(name, sha, entries, metadata, oversized, central,
                "it inflates to more than " + policy.maxTotalBytes() + " bytes in all", null);
          }
        }
        long compressed = cutOff ? -1 : ze.getCompressedSize();
        entries.add(new Entry(ze.getName(), inflated, compressed, cutOff, head));
        if (kept != null && !cutOff) {
          metadata.putIfAbsent(ze.getName(), kept.toByteArray());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return new BundleContents(name, sha, entries, metadata, oversized, central, null,
          "the bundle is not a readable JAR (" + e.getClass().getSimpleName() + ")");
    }
    if (entries.isEmpty()) {
      return new BundleContents(name, sha, entries, metadata, oversized, central, null,
          "the bundle is empty or not a JAR");
    }
    return new BundleContents(name, sha, entries, metadata, oversized, central, null, null);
  }

  private static boolean isMetadata(String entry) {
    String upper = entry.toUpperCase(Locale.ROOT);
    return upper.equals("META-INF/MANIFEST.MF") || upper.startsWith("META-INF/SERVICES/")
        || (upper.startsWith("META-INF/MAVEN/") && upper.endsWith("/POM.PROPERTIES"));
  }

  private static BundleContents failed(String name, String sha, String why) {
    return new BundleContents(name, sha, List.of(), Map.of(), List.of(), null, null, why);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A kept metadata entry's bytes as a stream, or null. */
  @Nullable InputStream open(String entry) {
    byte[] b = metadata.get(entry);
    return b == null ? null : new ByteArrayInputStream(b);
  }

  /** The manifest's entry name as stored (JarFile finds it case-insensitively), or null. */
  @Nullable String manifestName() {
    return metadata.keySet().stream().filter(n -> n.equalsIgnoreCase("META-INF/MANIFEST.MF")).findFirst()
        .orElseGet(() -> oversizedMetadata.stream().filter(n -> n.equalsIgnoreCase("META-INF/MANIFEST.MF"))
            .findFirst().orElse(null));
  }

  /** The package of a class entry ({@code a/b/C.class} is {@code a.b}; versioned entries are unwrapped). */
  static String packageOf(String classEntry) {
    String path = unversioned(classEntry);
    int last = path.lastIndexOf('/');
    return last < 0 ? "" : path.substring(0, last).replace('/', '.');
  }

  /** The entry's name without a multi-release {@code META-INF/versions/N/} prefix. */
  static String unversioned(String entry) {
    if (entry.startsWith("META-INF/versions/")) {
      int slash = entry.indexOf('/', "META-INF/versions/".length());
      return slash < 0 ? entry : entry.substring(slash + 1);
    }
    return entry;
  }

  /** Whether the entry is a class file (not {@code module-info} or a multi-release marker). */
  static boolean isClass(String entry) {
    return entry.endsWith(".class") && !entry.endsWith("module-info.class") && !entry.endsWith("package-info.class");
  }
}
