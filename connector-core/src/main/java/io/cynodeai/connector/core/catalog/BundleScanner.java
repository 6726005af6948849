package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.core.catalog.SupplyChainReport.Finding;
import io.cynodeai.connector.core.catalog.SupplyChainReport.Severity;
import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The supply-chain scan of an untrusted connector bundle (§13, REQ-GOV-006). It reads the JAR once, in memory
 * and within the {@link ScanPolicy}'s limits (nothing is unpacked to disk), and reports its SHA-256 and every
 * finding:
 *
 * <ul>
 *   <li>block: nested archives ({@code nested_jar}), native libraries ({@code native_library}), classes outside
 *       the allowed packages or in reserved ones ({@code class_outside_allowed_packages}), {@code Class-Path},
 *       {@code Launcher-Agent-Class}, {@code Premain-Class}, {@code Agent-Class} or {@code Boot-Class-Path}
 *       manifest entries ({@code manifest_entry}), service registrations other than the connector SPI ({@code
 *       unexpected_service}), JAR signature files ({@code stray_signature_file}), entry names that escape a
 *       directory ({@code zip_slip}), duplicate entries ({@code duplicate_entry}), entries that inflate beyond
 *       the limits or compress suspiciously well ({@code compression_bomb}), metadata too large to check
 *       ({@code oversized_metadata}), a central directory that disagrees with the entries ({@code
 *       inconsistent_archive}), and bundles that cannot be read ({@code unreadable_bundle});
 *   <li>warn: multi-release JARs ({@code multi_release}, blocking if the policy says so) and executable
 *       scripts ({@code executable_script});
 *   <li>info: the bundle's digest ({@code sha256}).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class BundleScanner {
  /** Entries smaller than this are never reported for their compression ratio. */
  static final long RATIO_FLOOR_BYTES = 1L << 20;
  private static final String SPI = ConnectorProvider.class.getName();
  private static final Set<String> RESERVED_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com.sun",
      "io.cynodeai.connector");
  private static final List<String> FORBIDDEN_ATTRIBUTES = List.of("Class-Path", "Launcher-Agent-Class",
      "Premain-Class", "Agent-Class", "Boot-Class-Path");
  private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib)$");
  private static final Pattern ARCHIVE = Pattern.compile(".*\\.(jar|war|ear|zip|jmod)$");
  private static final Pattern SCRIPT = Pattern.compile(".*\\.(sh|bash|bat|cmd|ps1|command|py|pl|rb)$");
  private static final Pattern SIGNATURE = Pattern.compile("META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]*)");

  private BundleScanner() {}

  /** Scans {@code jar} with {@link ScanPolicy#defaults()}. */
  public static SupplyChainReport scan(Path jar) {
    return scan(jar, ScanPolicy.defaults());
  }

  /** Scans {@code jar} with {@code policy}. Never throws for a bad bundle: that is a blocking finding. */
  public static SupplyChainReport scan(Path jar, ScanPolicy policy) {
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(policy, "policy");
    BundleContents contents = BundleContents.read(jar, policy);
    List<Finding> findings = new ArrayList<>();
    if (!contents.sha256().isEmpty()) {
      findings.add(new Finding(Severity.INFO, "sha256", null, "bundle SHA-256 is " + contents.sha256()));
    }
    if (contents.unreadable() != null) {
      findings.add(block("unreadable_bundle", null, contents.unreadable()));
    }
    if (contents.stoppedBecause() != null) {
      findings.add(block("compression_bomb", null, "reading stopped: " + contents.stoppedBecause()));
    }
    Set<String> seen = new HashSet<>();
    for (BundleContents.Entry e : contents.entries()) {
      if (!seen.add(e.name())) {
        findings.add(block("duplicate_entry", e.name(), "the entry appears more than once; which copy a reader "
            + "sees depends on the reader"));
      }
      entryFindings(e, policy, findings);
    }
    for (String entry : contents.oversizedMetadata()) {
      findings.add(block("oversized_metadata", entry, "the metadata entry is larger than "
          + BundleContents.MAX_METADATA_BYTES + " bytes and cannot be checked"));
    }
    archiveConsistency(contents, findings);
    manifestFindings(contents, policy, findings);
    return new SupplyChainReport(contents.name(), contents.sha256(), findings);
  }

  private static void entryFindings(BundleContents.Entry e, ScanPolicy policy, List<Finding> out) {
    String name = e.name();
    String lower = name.toLowerCase(Locale.ROOT);
    if (escapes(name)) {
      out.add(block("zip_slip", name, "the entry name is absolute or climbs out of its directory ('..')"));
    }
    if (e.cutOff()) {
      out.add(block("compression_bomb", name, "the entry inflates to more than " + policy.maxEntryBytes()
          + " bytes"));
    } else if (e.inflated() > RATIO_FLOOR_BYTES && e.compressed() > 0
        && e.inflated() / e.compressed() > policy.maxCompressionRatio()) {
      out.add(block("compression_bomb", name, "the entry inflates " + e.inflated() / e.compressed()
          + " times its compressed size (" + e.compressed() + " -> " + e.inflated() + " bytes); the limit is "
          + policy.maxCompressionRatio()));
    }
    if (name.endsWith("/")) {
      return;
    }
    if (ARCHIVE.matcher(lower).matches() || e.startsWith((byte) 'P', (byte) 'K', (byte) 3, (byte) 4)) {
      out.add(block("nested_jar", name, "the bundle embeds another archive; its code would escape this scan"));
    }
    if (NATIVE.matcher(lower).matches() || e.startsWith((byte) 0x7f, (byte) 'E', (byte) 'L', (byte) 'F')) {
      out.add(block("native_library", name, "the bundle carries native code, which no sandbox policy can "
          + "confine"));
    }
    if (SCRIPT.matcher(lower).matches() || e.startsWith((byte) '#', (byte) '!')) {
      out.add(new Finding(Severity.WARN, "executable_script", name, "the bundle carries an executable script"));
    }
    if (SIGNATURE.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
      out.add(block("stray_signature_file", name, "JAR signature files do not belong in a connector bundle "
          + "(bundles carry a detached signature); this one is likely left over from a repackaged dependency"));
    }
    if (BundleContents.isClass(name)) {
      String pkg = BundleContents.packageOf(name);
      boolean reserved = RESERVED_PACKAGES.stream().anyMatch(r -> ScanPolicy.under(pkg, r));
      if (reserved || !policy.packageAllowed(pkg)) {
        out.add(block("class_outside_allowed_packages", name, "class in package '" + pkg + "' is "
            + (reserved ? "in a reserved package (it would shadow the platform or this framework)"
                : "outside the allowed packages " + policy.allowedPackages().stream().sorted().toList())));
      }
    }
    String unversioned = BundleContents.unversioned(name);
    if (unversioned.startsWith("META-INF/services/")) {
      String service = unversioned.substring("META-INF/services/".length());
      if (!service.equals(SPI) && !policy.allowedServices().contains(service)) {
        out.add(block("unexpected_service", name, "the bundle registers a '" + service + "' service; only "
            + SPI + " is expected"));
      }
    }
  }

  /** The central directory (what class loaders read) must list exactly the entries the stream saw. */
  private static void archiveConsistency(BundleContents contents, List<Finding> out) {
    if (contents.unreadable() != null || contents.stoppedBecause() != null) {
      return;
    }
    List<String> central = contents.centralNames();
    if (central == null) {
      out.add(block("inconsistent_archive", null, "the bundle has no readable central directory (or is ZIP64)"));
      return;
    }
    List<String> local = new ArrayList<>(contents.entries().stream().map(BundleContents.Entry::name).toList());
    List<String> onlyCentral = new ArrayList<>(central);
    for (String n : central) {
      local.remove(n);
    }
    for (BundleContents.Entry e : contents.entries()) {
      onlyCentral.remove(e.name());
    }
    if (!local.isEmpty() || !onlyCentral.isEmpty()) {
      out.add(block("inconsistent_archive", null, "the central directory and the entries disagree (only in the "
          + "central directory: " + onlyCentral.stream().limit(5).toList() + "; only as entries: "
          + local.stream().limit(5).toList() + "); a class loader would see other files than this scan"));
    }
  }

  private static void manifestFindings(BundleContents contents, ScanPolicy policy, List<Finding> out) {
    String entry = contents.manifestName();
    if (entry == null || contents.oversizedMetadata().contains(entry)) {
      return;
    }
    Manifest manifest;
    try (InputStream in = contents.open(entry)) {
      if (in == null) {
        return;
      }
      manifest = new Manifest(in);
    } catch (IOException | RuntimeException e) {
      out.add(block("unreadable_bundle", entry, "the manifest cannot be parsed"));
      return;
    }
    Attributes main = manifest.getMainAttributes();
    for (String attribute : FORBIDDEN_ATTRIBUTES) {
      if (main.getValue(attribute) != null) {
        out.add(block("manifest_entry", entry, "the manifest declares '" + attribute + "', which would load "
            + "code from outside the bundle or run it as a JVM agent"));
      }
    }
    if ("true".equalsIgnoreCase(String.valueOf(main.getValue("Multi-Release")).trim())) {
      out.add(new Finding(policy.blockMultiRelease() ? Severity.BLOCK : Severity.WARN, "multi_release", entry,
          "the bundle is a multi-release JAR: different classes run on different Java versions"));
    }
  }

  private static boolean escapes(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':')) {
      return true;
    }
    for (String segment : n.split("/")) {
      if (segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static Finding block(String code, @org.jspecify.annotations.Nullable String entry, String message) {
    return new Finding(Severity.BLOCK, code, entry, message);
  }
}
