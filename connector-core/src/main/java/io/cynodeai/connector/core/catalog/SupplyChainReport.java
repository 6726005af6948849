package io.cynodeai.connector.core.catalog;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of a supply-chain scan of a connector bundle ({@link BundleScanner}): the bundle's SHA-256 and
 * every finding, each with a severity, a stable code and a message. The scan {@link #passed() passed} when no
 * finding blocks. Immutable.
 *
 * @param bundle the scanned file's name
 * @param sha256 the SHA-256 of the bundle's bytes, lower-case hex (empty when the bundle could not be read)
 * @param findings what the scan found, in entry order
 */
public record SupplyChainReport(String bundle, String sha256, List<Finding> findings) {
  /** How much a finding matters. */
  public enum Severity {
    /** The bundle must not be approved. */
    BLOCK,
    /** Worth a reviewer's look; does not fail the scan. */
    WARN,
    /** Informational (e.g. the digest). */
    INFO
  }

  /**
   * One finding.
   *
   * @param severity block, warn or info
   * @param code a stable identifier, e.g. {@code nested_jar}, {@code native_library}, {@code zip_slip}
   * @param entry the JAR entry concerned, or null for the bundle as a whole
   * @param message a clear explanation for the reviewer
   */
  public record Finding(Severity severity, String code, @Nullable String entry, String message) {
    public Finding {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  public SupplyChainReport {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(sha256, "sha256");
    findings = List.copyOf(findings);
  }

  /** True when no finding blocks. */
  public boolean passed() {
    return blocking().isEmpty();
  }

  /** The blocking findings. */
  public List<Finding> blocking() {
    return findings.stream().filter(f -> f.severity() == Severity.BLOCK).toList();
  }

  /** The codes of all findings of {@code severity}, in order (handy for summaries and tests). */
  public List<String> codes(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).map(Finding::code).toList();
  }
}
