package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.core.catalog.SupplyChainReport.Finding;
import io.cynodeai.connector.core.catalog.SupplyChainReport.Severity;
import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supply-chain scan (REQ-GOV-006) on real JARs written in the test. */
@Tag("REQ-GOV-006")
class BundleScannerTest {
  private static final String SPI = "META-INF/services/" + ConnectorProvider.class.getName();
  private static final ScanPolicy POLICY = ScanPolicy.defaults().allowPackages("com.acme.crm", "bundled");
  @TempDir Path dir;

  private TestJars clean() {
    return new TestJars().classFile("com/acme/crm/CrmProvider.class").classFile("com/acme/crm/Client.class")
        .entry(SPI, "com.acme.crm.CrmProvider\n").entry("com/acme/crm/schema.json", "{}");
  }

  private SupplyChainReport scan(TestJars jar) throws IOException {
    return BundleScanner.scan(jar.write(dir.resolve("bundle.jar")), POLICY);
  }

  private static void assertBlocked(SupplyChainReport report, String code, String entry) {
    assertThat(report.passed()).as(report.findings().toString()).isFalse();
    assertThat(report.blocking()).as(report.findings().toString())
        .anySatisfy(f -> {
          assertThat(f.code()).isEqualTo(code);
          assertThat(f.entry()).isEqualTo(entry);
          assertThat(f.message()).isNotBlank();
        });
  }

  @Test
  void aCleanBundlePassesAndReportsItsDigest() throws Exception {
    Path jar = clean().write(dir.resolve("clean.jar"));
    SupplyChainReport report = BundleScanner.scan(jar, POLICY);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(report.sha256()).isEqualTo(sha);
    assertThat(report.findings()).containsExactly(new Finding(Severity.INFO, "sha256", null,
        "bundle SHA-256 is " + sha));
  }

  @Test
  void aCompiledConnectorBundlePasses() throws Exception {
    SupplyChainReport report = BundleScanner.scan(BundleJars.greeterBundle(dir), POLICY);
    assertThat(report.passed()).as(report.findings().toString()).isTrue();
  }

  @Test
  void nestedArchivesAreBlockedByNameAndByContent() throws Exception {
    byte[] innerJar = Files.readAllBytes(clean().write(dir.resolve("inner.jar")));
    assertBlocked(scan(clean().entry("lib/okhttp-4.12.0.jar", innerJar)), "nested_jar", "lib/okhttp-4.12.0.jar");
    assertBlocked(scan(clean().entry("com/acme/crm/data.bin", innerJar)), "nested_jar", "com/acme/crm/data.bin");
  }

  @Test
  void nativeLibrariesAreBlocked() throws Exception {
    for (String name : List.of("lib/libsqlite.so", "lib/libz.so.1.2", "win/crm.dll", "mac/libcrm.dylib",
        "mac/old.jnilib")) {
      assertBlocked(scan(clean().entry(name, "binary")), "native_library", name);
    }
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    assertBlocked(scan(clean().entry("com/acme/crm/helper", elf)), "native_library", "com/acme/crm/helper");
  }

  @Test
  void zipSlipNamesAreBlocked() throws Exception {
    for (String name : List.of("../../etc/cron.d/evil", "com/acme/../../../x.class.txt", "/etc/passwd",
        "C:/Windows/evil.txt")) {
      assertBlocked(scan(clean().entry(name, "x")), "zip_slip", name);
    }
    assertThat(scan(clean().entry("com/acme/crm/..notes.txt", "x")).passed()).isTrue();
  }

  @Test
  void agentAndClassPathManifestEntriesAreBlocked() throws Exception {
    for (String attribute : List.of("Premain-Class", "Agent-Class", "Launcher-Agent-Class", "Class-Path",
        "Boot-Class-Path")) {
      SupplyChainReport report = scan(clean().attribute(attribute, "com.acme.crm.Agent"));
      assertBlocked(report, "manifest_entry", "META-INF/MANIFEST.MF");
      assertThat(report.blocking()).anySatisfy(f -> assertThat(f.message()).contains(attribute));
    }
  }

  @Test
  void aManifestIsCheckedWhateverItsCaseAndMayNotHideBeyondTheReadLimit() throws Exception {
    SupplyChainReport lowerCase = scan(clean().withoutManifest().entry("meta-inf/manifest.mf",
        "Manifest-Version: 1.0\r\nPremain-Class: com.acme.crm.Agent\r\n\r\n"));
    assertBlocked(lowerCase, "manifest_entry", "meta-inf/manifest.mf");
    SupplyChainReport padded = scan(clean().attribute("X-Padding", "x".repeat(70_000))
        .attribute("Premain-Class", "com.acme.crm.Agent"));
    assertBlocked(padded, "oversized_metadata", "META-INF/MANIFEST.MF");
  }

  @Test
  void aCentralDirectoryThatDisagreesWithTheEntriesIsBlocked() throws Exception {
    byte[] bytes = Files.readAllBytes(clean().write(dir.resolve("c.jar")));
    byte[] name = "com/acme/crm/schema.json".getBytes(StandardCharsets.UTF_8);
    int last = lastIndexOf(bytes, name);
    assertThat(last).isPositive();
    bytes[last + name.length - 6] = 'X';
    SupplyChainReport report = BundleScanner.scan(Files.write(dir.resolve("hidden.jar"), bytes), POLICY);
    assertBlocked(report, "inconsistent_archive", null);
    assertThat(report.blocking()).anySatisfy(f -> assertThat(f.message()).contains("com/acme/crm/schemX.json"));
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void multiReleaseWarnsUnlessThePolicyBlocksIt() throws Exception {
    TestJars jar = clean().attribute("Multi-Release", "true")
        .classFile("META-INF/versions/17/com/acme/crm/Client.class");
    assertThat(scan(jar).passed()).isTrue();
    assertThat(scan(jar).codes(Severity.WARN)).containsExactly("multi_release");
    ScanPolicy strict = POLICY.blockMultiRelease(true);
    assertThat(BundleScanner.scan(jar.write(dir.resolve("mr.jar")), strict).codes(Severity.BLOCK))
        .containsExactly("multi_release");
  }

  @Test
  void unexpectedServiceRegistrationsAreBlockedUnlessAllowed() throws Exception {
    String service = "META-INF/services/java.nio.file.spi.FileSystemProvider";
    TestJars jar = clean().entry(service, "com.acme.crm.EvilFs\n");
    assertBlocked(scan(jar), "unexpected_service", service);
    String versioned = "META-INF/versions/17/META-INF/services/java.sql.Driver";
    assertBlocked(scan(clean().entry(versioned, "com.acme.crm.Driver\n")), "unexpected_service", versioned);
    ScanPolicy allowing = POLICY.allowServices("java.nio.file.spi.FileSystemProvider");
    assertThat(BundleScanner.scan(jar.write(dir.resolve("fs.jar")), allowing).passed()).isTrue();
  }

  @Test
  void classesOutsideTheAllowedPackagesOrInReservedOnesAreBlocked() throws Exception {
    assertBlocked(scan(clean().classFile("org/shaded/okio/Buffer.class")), "class_outside_allowed_packages",
        "org/shaded/okio/Buffer.class");
    assertBlocked(scan(clean().classFile("META-INF/versions/11/org/evil/X.class")),
        "class_outside_allowed_packages", "META-INF/versions/11/org/evil/X.class");
    SupplyChainReport anyPackage = BundleScanner.scan(clean().classFile("java/lang/Shadow.class")
        .classFile("io/cynodeai/connector/core/Engine.class").write(dir.resolve("reserved.jar")));
    assertThat(anyPackage.blocking()).extracting(Finding::entry)
        .containsExactly("java/lang/Shadow.class", "io/cynodeai/connector/core/Engine.class");
    assertThat(BundleScanner.scan(clean().classFile("org/shaded/okio/Buffer.class")
        .write(dir.resolve("any.jar"))).passed()).isTrue();
  }

  @Test
  void jarSignatureFilesAreBlocked() throws Exception {
    assertBlocked(scan(clean().entry("META-INF/BCKEY.SF", "x").entry("META-INF/BCKEY.RSA", "y")),
        "stray_signature_file", "META-INF/BCKEY.SF");
  }

  @Test
  void duplicateEntriesAreBlocked() throws Exception {
    Path jar = TestJars.withDuplicate(dir.resolve("dup.jar"), "com/acme/crm/config.json",
        "{}".getBytes(StandardCharsets.UTF_8));
    SupplyChainReport report = BundleScanner.scan(jar, POLICY);
    assertBlocked(report, "duplicate_entry", "com/acme/crm/config.json");
  }

  @Test
  void bombLikeEntriesAreBlockedWithoutReadingThemWhole() throws Exception {
    byte[] zeros = new byte[4 << 20];
    assertBlocked(scan(clean().entry("com/acme/crm/data.json", zeros)), "compression_bomb",
        "com/acme/crm/data.json");
    ScanPolicy small = POLICY.limits(1 << 20, 256L << 20, 20_000, 100_000);
    SupplyChainReport capped = BundleScanner.scan(clean().entry("com/acme/crm/data.json", zeros)
        .write(dir.resolve("capped.jar")), small);
    assertBlocked(capped, "compression_bomb", "com/acme/crm/data.json");
    assertThat(capped.blocking()).anySatisfy(f -> assertThat(f.message()).contains("more than 1048576 bytes"));
    ScanPolicy fewEntries = POLICY.limits(1 << 20, 256L << 20, 3, 100);
    assertBlocked(BundleScanner.scan(clean().write(dir.resolve("many.jar")), fewEntries), "compression_bomb",
        null);
    byte[] random = new byte[2 << 20];
    new java.util.Random(7).nextBytes(random);
    assertThat(scan(clean().entry("com/acme/crm/model.bin", random)).passed()).isTrue();
  }

  @Test
  void scriptsWarn() throws Exception {
    SupplyChainReport report = scan(clean().entry("bin/install.sh", "echo hi").entry("com/acme/crm/run",
        "#!/usr/bin/env python3\nprint(1)"));
    assertThat(report.passed()).isTrue();
    assertThat(report.findings()).filteredOn(f -> f.code().equals("executable_script")).extracting(Finding::entry)
        .containsExactly("bin/install.sh", "com/acme/crm/run");
  }

  @Test
  void anUnreadableBundleIsBlocked() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("x.jar"), "this is not a zip file");
    assertThat(BundleScanner.scan(notAJar).codes(Severity.BLOCK)).containsExactly("unreadable_bundle");
    assertThat(BundleScanner.scan(dir.resolve("missing.jar")).codes(Severity.BLOCK))
        .containsExactly("unreadable_bundle");
  }
}
