package io.cynodeai.connector.core.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * What a {@link BundleScanner} accepts. {@link #defaults()} allows classes in any package except the JDK's and
 * this framework's own, only the connector SPI as a service, no multi-release JAR (a warning), and reads at most
 * 64 MiB per entry, 256 MiB in all and 20,000 entries, flagging entries larger than 1 MiB that compressed more
 * than 100:1. Immutable.
 *
 * @param allowedPackages package prefixes the bundle's classes must be in (e.g. {@code com.acme.crm}); empty
 *     allows any package except the reserved ones
 * @param allowedServices service interfaces besides the connector SPI the bundle may register
 * @param maxEntryBytes the largest uncompressed entry read
 * @param maxTotalBytes the most uncompressed bytes read in all
 * @param maxEntries the most entries read
 * @param maxCompressionRatio the largest uncompressed:compressed ratio accepted for entries over 1 MiB
 * @param blockMultiRelease whether a {@code Multi-Release} manifest blocks (else it warns)
 */
public record ScanPolicy(Set<String> allowedPackages, Set<String> allowedServices, long maxEntryBytes,
    long maxTotalBytes, int maxEntries, int maxCompressionRatio, boolean blockMultiRelease) {

  public ScanPolicy {
    allowedPackages = Set.copyOf(allowedPackages);
    allowedServices = Set.copyOf(allowedServices);
    if (maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 1) {
      throw new IllegalArgumentException("scan limits must be positive (and the ratio above 1)");
    }
  }

  /** The defaults described above. */
  public static ScanPolicy defaults() {
    return new ScanPolicy(Set.of(), Set.of(), 64L << 20, 256L << 20, 20_000, 100, false);
  }

  /** This policy, requiring every class to be under one of {@code packages}. */
  public ScanPolicy allowPackages(String... packages) {
    return new ScanPolicy(Set.of(packages), allowedServices, maxEntryBytes, maxTotalBytes, maxEntries,
        maxCompressionRatio, blockMultiRelease);
  }

  /** This policy, also accepting registrations of {@code services}. */
  public ScanPolicy allowServices(String... services) {
    return new ScanPolicy(allowedPackages, Set.of(services), maxEntryBytes, maxTotalBytes, maxEntries,
        maxCompressionRatio, blockMultiRelease);
  }

  /** This policy with other read limits. */
  public ScanPolicy limits(long entryBytes, long totalBytes, int entries, int ratio) {
    return new ScanPolicy(allowedPackages, allowedServices, entryBytes, totalBytes, entries, ratio,
        blockMultiRelease);
  }

  /** This policy, with a {@code Multi-Release} manifest blocking ({@code true}) or warning. */
  public ScanPolicy blockMultiRelease(boolean block) {
    return new ScanPolicy(allowedPackages, allowedServices, maxEntryBytes, maxTotalBytes, maxEntries,
        maxCompressionRatio, block);
  }

  boolean packageAllowed(String pkg) {
    return allowedPackages.isEmpty() || allowedPackages.stream().anyMatch(p -> under(pkg, p));
  }

  static boolean under(String pkg, String prefix) {
    Objects.requireNonNull(pkg);
    return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
  }
}
