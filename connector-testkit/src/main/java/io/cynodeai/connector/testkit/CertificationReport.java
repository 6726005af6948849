package io.cynodeai.connector.testkit;

import io.cynodeai.connector.core.catalog.Certification;
import io.cynodeai.connector.spi.ConnectorType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a certification run found: one {@link CheckResult} per check, in the order they ran (descriptor,
 * schema, contract, failure simulation). Immutable, so thread-safe.
 *
 * @param connectorType the certified type's name
 * @param version its semantic version
 * @param checks every check, passed or not
 */
public record CertificationReport(String connectorType, String version, String descriptorDigest,
    List<CheckResult> checks) {
  /** The heading of the security validation checklist in {@link #toText()}. */
  public static final String CHECKLIST_HEADING = "Security validation checklist:";
  private static final String INDENT = "      ";

  public CertificationReport {
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(descriptorDigest, "descriptorDigest");
    checks = List.copyOf(checks);
  }

  /** A report of {@code type}'s checks, carrying the digest of its descriptor. */
  public static CertificationReport of(ConnectorType type, List<CheckResult> checks) {
    return new CertificationReport(type.name(), type.version(), Certification.digest(type), checks);
  }

  /**
   * The record of this run for a host that requires certification before general availability ({@code
   * EngineBuilder.requireCertification}): write it with {@link Certification#toJson()} next to the build that
   * was certified. It names the exact descriptor that ran, so a changed descriptor needs a new run.
   */
  public Certification certification() {
    return new Certification(connectorType, version, descriptorDigest, Instant.now(), passed(), checks.size(),
        failures().size());
  }

  /** {@code name@version}. */
  public String coordinates() {
    return connectorType + "@" + version;
  }

  /** Whether every check passed. A report without checks has not passed. */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
  }

  /** The checks that failed, in order. */
  public List<CheckResult> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /**
   * The report as JSON for tools: the type's coordinates and descriptor digest, whether it passed, and each
   * check with its category, name, outcome ({@code pass}, {@code fail}, {@code n/a}), detail and the call
   * paths it covered ({@code sync}, {@code async job}; empty for checks that call nothing).
   */
  public String toJson() {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode()
        .put("connector_type", connectorType).put("version", version).put("descriptor_digest", descriptorDigest)
        .put("certified", passed()).put("checks_run", checks.size()).put("checks_failed", failures().size());
    com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("checks");
    for (CheckResult c : checks) {
      com.fasterxml.jackson.databind.node.ObjectNode check = list.addObject()
          .put("category", c.category().label()).put("name", c.name())
          .put("outcome", !c.applicable() ? "n/a" : c.passed() ? "pass" : "fail").put("detail", c.detail());
      com.fasterxml.jackson.databind.node.ArrayNode paths = check.putArray("paths");
      c.paths().forEach(p -> paths.add(p.label()));
    }
    return root.toPrettyString();
  }

  /**
   * Writes {@code <coordinates>.txt} ({@link #toText()}), {@code .json} ({@link #toJson()}) and {@code
   * .certification.json} ({@link Certification#toJson()}, the record a host's {@code requireCertification}
   * reads) into {@code directory}, creating it; returns the text file's path.
   */
  public java.nio.file.Path writeTo(java.nio.file.Path directory) throws java.io.IOException {
    java.nio.file.Files.createDirectories(directory);
    String base = connectorType + "-" + version;
    java.nio.file.Path text = directory.resolve(base + ".txt");
    java.nio.file.Files.writeString(text, toText());
    java.nio.file.Files.writeString(directory.resolve(base + ".json"), toJson());
    java.nio.file.Files.writeString(directory.resolve(base + ".certification.json"), certification().toJson());
    return text;
  }

  /**
   * The report as text for a person: a header naming the type, one {@code PASS}/{@code FAIL}/{@code N/A} line
   * per check with its category, name, the call paths it covered ({@code [sync]}, {@code [async job]}) and
   * detail (continuation lines indented), the security checks under
   * their own heading ({@value #CHECKLIST_HEADING}), and a summary line.
   */
  public String toText() {
    StringBuilder text = new StringBuilder("Connector certification of ").append(coordinates()).append('\n');
    int width = checks.stream().mapToInt(c -> c.category().label().length()).max().orElse(0);
    checks.stream().filter(c -> c.category() != CheckCategory.SECURITY).forEach(c -> line(text, c, width));
    List<CheckResult> checklist = checks.stream().filter(c -> c.category() == CheckCategory.SECURITY).toList();
    if (!checklist.isEmpty()) {
      text.append(CHECKLIST_HEADING).append('\n');
      checklist.forEach(c -> line(text, c, width));
    }
    int failed = failures().size();
    text.append(checks.size()).append(checks.size() == 1 ? " check: " : " checks: ")
        .append(checks.size() - failed).append(" passed, ").append(failed).append(" failed. ")
        .append(passed() ? "CERTIFIED" : "NOT CERTIFIED").append('\n');
    return text.toString();
  }

  private static void line(StringBuilder text, CheckResult check, int width) {
    text.append(!check.passed() ? "FAIL  " : check.applicable() ? "PASS  " : "N/A   ")
        .append(pad(check.category().label(), width)).append("  ").append(check.displayName());
    String[] lines = check.detail().split("\n", -1);
    if (!lines[0].isEmpty()) {
      text.append(" -- ").append(lines[0]);
    }
    text.append('\n');
    for (int i = 1; i < lines.length; i++) {
      text.append(INDENT).append(lines[i]).append('\n');
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
