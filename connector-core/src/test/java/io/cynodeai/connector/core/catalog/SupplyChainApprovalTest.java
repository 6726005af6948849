package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.SecurityReview.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approving an untrusted connector type needs a passed supply-chain scan and dependency review recorded with
 * its security review (REQ-GOV-006, REQ-GOV-007); trusted types are approved as before.
 */
class SupplyChainApprovalTest {
  private static final Caller DEV = Caller.user("dev", "p");
  private static final Caller SEC = Caller.user("sec", "p");
  private static final Caller LEAD = Caller.user("lead", "p");
  private static final ScanPolicy SCAN = ScanPolicy.defaults().allowPackages("bundled");
  private static final DependencyPolicy DEPS = DependencyPolicy.empty().allow("com.fasterxml.*")
      .deny("org.apache.logging.log4j:log4j-core", "[2.0,2.17.1)", "CVE-2021-44228").ownPackages("bundled");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ConnectorCatalog catalog = ConnectorCatalog.create(new InMemoryCatalogStore(),
      ctx -> PolicyDecision.allow("test"), audit, Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"),
          ZoneOffset.UTC));
  @TempDir Path dir;

  private Path bundle(TestJars extra, String name) throws Exception {
    return extra.classFile("bundled/GreeterProvider.class")
        .entry("META-INF/services/io.cynodeai.connector.spi.ConnectorProvider", "bundled.GreeterProvider\n")
        .write(dir.resolve(name));
  }

  private Failed approveRefused(SupplyChainEvidence evidence) {
    String version = "1." + catalog.entries(DEV).size() + ".0";
    applied(catalog.submitUntrusted("greeter", version, DEV));
    applied(catalog.recordReview("greeter", version, Verdict.PASSED, "looked fine", evidence, SEC));
    CatalogOutcome<CatalogEntry> outcome = catalog.approve("greeter", version, "wanted", LEAD);
    assertThat(outcome).isInstanceOf(CatalogOutcome.Refused.class);
    assertThat(catalog.entry("greeter", version, DEV).orElseThrow().approval())
        .isEqualTo(CatalogEntry.Approval.SUBMITTED);
    Failed f = ((CatalogOutcome.Refused<CatalogEntry>) outcome).failure();
    assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    return f;
  }

  private static <T> T applied(CatalogOutcome<T> outcome) {
    assertThat(outcome).isInstanceOf(CatalogOutcome.Applied.class);
    return ((CatalogOutcome.Applied<T>) outcome).value();
  }

  @Test
  @Tag("REQ-GOV-006")
  void anUntrustedTypeNeedsAPassedScan() throws Exception {
    Path clean = bundle(new TestJars(), "clean.jar");
    Path withNative = bundle(new TestJars().entry("lib/libevil.so", "x"), "native.jar");
    assertThat(approveRefused(null).code()).isEqualTo("supply_chain_scan_failed");
    assertThat(approveRefused(SupplyChainEvidence.of(null, DependencyReviewer.review(clean, DEPS))).message())
        .contains("has no supply-chain scan");
    Failed failedScan = approveRefused(SupplyChainEvidence.of(BundleScanner.scan(withNative, SCAN),
        DependencyReviewer.review(withNative, DEPS)));
    assertThat(failedScan.code()).isEqualTo("supply_chain_scan_failed");
    assertThat(failedScan.message()).contains("native_library (lib/libevil.so)");
    assertThat(audit.events()).filteredOn(e -> e.action().equals("catalog.approve"))
        .extracting(AuditEvent::errorCode).containsOnly("supply_chain_scan_failed");
  }

  @Test
  @Tag("REQ-GOV-007")
  void anUntrustedTypeNeedsAPassedDependencyReviewOfTheScannedBundle() throws Exception {
    Path clean = bundle(new TestJars(), "clean.jar");
    Path vulnerable = bundle(new TestJars().pom("org.apache.logging.log4j", "log4j-core", "2.14.1"), "vuln.jar");
    assertThat(approveRefused(SupplyChainEvidence.of(BundleScanner.scan(clean, SCAN), null)).code())
        .isEqualTo("dependency_review_failed");
    Failed denied = approveRefused(SupplyChainEvidence.of(BundleScanner.scan(vulnerable, SCAN),
        DependencyReviewer.review(vulnerable, DEPS)));
    assertThat(denied.code()).isEqualTo("dependency_review_failed");
    assertThat(denied.message()).contains("org.apache.logging.log4j:log4j-core:2.14.1 denied");
    Failed otherBundle = approveRefused(SupplyChainEvidence.of(BundleScanner.scan(clean, SCAN),
        DependencyReviewer.review(bundle(new TestJars().pom("com.fasterxml.jackson.core", "jackson-core",
            "2.20.1"), "other.jar"), DEPS)));
    assertThat(otherBundle.code()).isEqualTo("dependency_review_failed");
    assertThat(otherBundle.message()).contains("another bundle");
  }

  @Test
  @Tag("REQ-GOV-006")
  @Tag("REQ-GOV-007")
  void anUntrustedTypeWithPassingChecksIsApprovedAndTheEvidenceIsKept() throws Exception {
    Path clean = bundle(new TestJars().pom("com.fasterxml.jackson.core", "jackson-core", "2.20.1"), "ok.jar");
    SupplyChainReport scan = BundleScanner.scan(clean, SCAN);
    SupplyChainEvidence evidence = SupplyChainEvidence.of(scan, DependencyReviewer.review(clean, DEPS));
    applied(catalog.submitUntrusted("greeter", "1.0.0", DEV));
    applied(catalog.recordReview("greeter", "1.0.0", Verdict.PASSED, "sandboxed; egress pinned", evidence, SEC));
    CatalogEntry approved = applied(catalog.approve("greeter", "1.0.0", "wanted", LEAD));
    assertThat(approved.approval()).isEqualTo(CatalogEntry.Approval.APPROVED);
    assertThat(approved.untrusted()).isTrue();
    assertThat(audit.events()).filteredOn(e -> e.action().equals("catalog.submit"))
        .extracting(e -> e.details().get("untrusted")).containsExactly("true");
    assertThat(approved.latestReview().supplyChain()).isEqualTo(evidence);
    assertThat(evidence.scan().bundleSha256()).isEqualTo(scan.sha256()).hasSize(64);
  }

  @Test
  void aTrustedTypeIsApprovedAsBefore() {
    applied(catalog.submit("notes", "1.0.0", DEV));
    applied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "in-process, reviewed", SEC));
    assertThat(applied(catalog.approve("notes", "1.0.0", "wanted", LEAD)).untrusted()).isFalse();
  }
}
