package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.core.catalog.DependencyReview.Item;
import io.cynodeai.connector.core.catalog.DependencyReview.Kind;
import io.cynodeai.connector.core.catalog.DependencyReview.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The dependency review of an untrusted connector bundle (§13, REQ-GOV-007). It lists the dependencies the
 * bundle embeds, from each {@code META-INF/maven/<group>/<artifact>/pom.properties} (groupId, artifactId,
 * version), and the class roots (first two package segments) that neither a declared dependency's group nor
 * the policy's own packages explain, then judges each against the host's {@link DependencyPolicy}: a deny rule
 * whose range holds the version denies, otherwise an allow rule approves, otherwise it is unknown. The JAR is
 * read once, in memory and bounded as by {@link ScanPolicy#defaults()}. Stateless and thread-safe.
 */
public final class DependencyReviewer {
  private DependencyReviewer() {}

  /** Reviews {@code jar}'s dependencies against {@code policy}. Never throws for a bad bundle. */
  public static DependencyReview review(Path jar, DependencyPolicy policy) {
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(policy, "policy");
    BundleContents contents = BundleContents.read(jar, ScanPolicy.defaults());
    List<Item> items = new ArrayList<>();
    String trouble = contents.unreadable() != null ? contents.unreadable() : contents.stoppedBecause();
    if (trouble != null) {
      items.add(new Item(contents.name(), Kind.UNREADABLE, Status.DENIED, "the bundle cannot be reviewed: "
          + trouble));
    }
    for (String entry : contents.oversizedMetadata()) {
      if (entry.endsWith("/pom.properties")) {
        items.add(new Item(entry, Kind.DECLARED, Status.DENIED, "the pom.properties is too large to review"));
      }
    }
    List<String> groups = new ArrayList<>();
    for (String entry : contents.metadata().keySet()) {
      if (entry.startsWith("META-INF/maven/") && entry.endsWith("/pom.properties")) {
        items.add(declared(contents, entry, policy, groups));
      }
    }
    unidentified(contents, policy, groups).forEach((root, count) -> items.add(new Item(root,
        Kind.UNIDENTIFIED_CLASSES, Status.UNKNOWN, count + " class(es) under '" + root + "' belong to no declared "
        + "dependency and to none of the bundle's own packages")));
    return new DependencyReview(contents.name(), contents.sha256(), items, policy.requiresKnown());
  }

  private static Item declared(BundleContents contents, String entry, DependencyPolicy policy,
      List<String> groups) {
    Properties props = new Properties();
    try (InputStream in = contents.open(entry)) {
      props.load(Objects.requireNonNull(in));
    } catch (IOException | IllegalArgumentException e) {
      return new Item(entry, Kind.DECLARED, Status.DENIED, "the pom.properties cannot be read");
    }
    String g = props.getProperty("groupId", "").trim();
    String a = props.getProperty("artifactId", "").trim();
    String v = props.getProperty("version", "").trim();
    if (g.isEmpty() || a.isEmpty() || v.isEmpty()) {
      return new Item(entry, Kind.DECLARED, Status.UNKNOWN, "the pom.properties lacks groupId, artifactId or "
          + "version");
    }
    groups.add(g);
    String subject = g + ":" + a + ":" + v;
    Optional<DependencyPolicy.Deny> deny = policy.denial(g, a, v);
    if (deny.isPresent()) {
      return new Item(subject, Kind.DECLARED, Status.DENIED, "denied by " + deny.get().pattern() + ":"
          + deny.get().range() + " (" + deny.get().reason() + ")");
    }
    return policy.allowance(g, a)
        .map(p -> new Item(subject, Kind.DECLARED, Status.APPROVED, "allowed by " + p))
        .orElseGet(() -> new Item(subject, Kind.DECLARED, Status.UNKNOWN, "no rule of the dependency policy "
            + "covers it"));
  }

  private static Map<String, Integer> unidentified(BundleContents contents, DependencyPolicy policy,
      List<String> groups) {
    Map<String, Integer> roots = new TreeMap<>();
    for (BundleContents.Entry e : contents.entries()) {
      if (!BundleContents.isClass(e.name())) {
        continue;
      }
      String pkg = BundleContents.packageOf(e.name());
      String root = root(pkg);
      boolean own = policy.ownPackageList().stream().anyMatch(p -> ScanPolicy.under(pkg, p));
      boolean declared = groups.stream().anyMatch(g -> ScanPolicy.under(pkg, g) || ScanPolicy.under(g, root));
      if (!own && !declared) {
        roots.merge(root, 1, Integer::sum);
      }
    }
    return roots;
  }

  private static String root(String pkg) {
    if (pkg.isEmpty()) {
      return "(default package)";
    }
    String[] parts = pkg.split("\\.");
    return parts.length < 2 ? pkg : parts[0] + "." + parts[1];
  }
}
