package io.cynodeai.connector.spi.compat;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.spi.SemanticVersion;
import io.cynodeai.connector.spi.compat.BreakingChange.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Lists every breaking change between two versions of a connector type, so the §3.1 policy (minor versions
 * additive only, major versions may break schema) can be enforced before a version is published or
 * registered. Stateless and thread-safe.
 *
 * <p>What counts as breaking depends on who holds the older contract:
 *
 * <ul>
 *   <li><b>Inputs</b> (the config schema, each request schema): a change breaks if some document valid under
 *       the older schema is invalid under the newer, because hosts and callers keep sending what used to be
 *       accepted. So: a newly required property, a narrowed {@code type} ({@code ["string","null"]} to
 *       {@code "string"}, {@code "number"} to {@code "integer"}), enum values removed, a tightened bound,
 *       length, count or {@code multipleOf}, a new or changed {@code pattern} or {@code format}, {@code
 *       additionalProperties} becoming {@code false}, and a removed property that the newer schema refuses.
 *   <li><b>Outputs</b> (each response schema): a change breaks if a consumer written against the older
 *       schema can receive something it did not expect: a removed property, a property no longer required,
 *       a widened type, enum values added, a loosened limit, a changed or dropped pattern or format.
 *   <li><b>Operations</b>: an operation or execution mode removed, {@code maxTimeout}, {@code
 *       maxRequestBytes} or {@code maxResponseBytes} decreased, idempotency support dropped, a read-only
 *       operation becoming mutating, and a new redaction rule (consumers lose a value they received).
 * </ul>
 *
 * <p>Adding an optional input property, an output property or an operation, and widening an input or
 * narrowing an output, are additive and never reported: consumers must ignore members they do not know, and
 * a new optional input property is an addition even though a caller could in theory already have sent an
 * undeclared member of that name (unless the older schema gave undeclared members a schema, which the new
 * property is then compared against). A property removed from an input breaks only if the newer schema
 * refuses it, through {@code additionalProperties: false} or an {@code additionalProperties} schema the old
 * property's values do not satisfy.
 *
 * <p>The comparison is conservative: keywords are compared one at a time and regular expressions only
 * textually, so an equivalent rewrite may be reported. {@code $ref}, {@code definitions}, {@code oneOf},
 * {@code anyOf}, {@code allOf}, {@code not}, conditionals, {@code patternProperties}, tuple {@code items} and
 * unknown keywords are not analysed: when they differ textually, one {@link Kind#SCHEMA_CHANGED_UNANALYZED}
 * change is reported for the location, meaning "cannot prove compatible".
 */
public final class CompatibilityChecker {
  private CompatibilityChecker() {}

  /**
   * Compares two versions of one connector type.
   *
   * @param older the version in use
   * @param newer the version replacing it
   * @return every breaking change, and whether the version change is allowed
   * @throws IllegalArgumentException if the types have different names or either version is not a semantic
   *     version
   */
  public static CompatibilityReport check(ConnectorType older, ConnectorType newer) {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    if (!older.name().equals(newer.name())) {
      throw new IllegalArgumentException(
          "cannot compare versions of different connector types: " + older.coordinates() + " and "
              + newer.coordinates());
    }
    SemanticVersion olderVersion = version(older);
    SemanticVersion newerVersion = version(newer);
    List<BreakingChange> changes = new ArrayList<>();
    SchemaComparator.compareRoots(older.configSchema(), newer.configSchema(), SchemaRole.INPUT,
        SchemaLocation.root("config"), changes);
    Set<String> seen = new HashSet<>();
    for (OperationDescriptor op : older.operations()) {
      if (!seen.add(op.name())) {
        continue;
      }
      Optional<OperationDescriptor> next = newer.operation(op.name());
      if (next.isEmpty()) {
        changes.add(new BreakingChange(Kind.OPERATION_REMOVED, "operation " + op.name(), "no longer offered"));
      } else {
        compareOperation(op, next.get(), changes);
      }
    }
    return new CompatibilityReport(older.name(), olderVersion, newerVersion, changes);
  }

  private static void compareOperation(OperationDescriptor older, OperationDescriptor newer, List<BreakingChange> out) {
    String at = "operation " + older.name();
    for (ExecutionMode mode : ExecutionMode.values()) {
      if (older.modes().contains(mode) && !newer.modes().contains(mode)) {
        out.add(new BreakingChange(Kind.MODE_REMOVED, at + " modes", mode.wireName() + " is no longer supported"));
      }
    }
    if (newer.maxTimeout().compareTo(older.maxTimeout()) < 0) {
      out.add(new BreakingChange(Kind.TIMEOUT_REDUCED, at + " maxTimeout",
          older.maxTimeout().toMillis() + " ms -> " + newer.maxTimeout().toMillis() + " ms"));
    }
    if (newer.maxRequestBytes() < older.maxRequestBytes()) {
      out.add(new BreakingChange(Kind.REQUEST_SIZE_REDUCED, at + " maxRequestBytes",
          older.maxRequestBytes() + " -> " + newer.maxRequestBytes() + " bytes"));
    }
    if (newer.maxResponseBytes() < older.maxResponseBytes()) {
      out.add(new BreakingChange(Kind.RESPONSE_SIZE_REDUCED, at + " maxResponseBytes",
          older.maxResponseBytes() + " -> " + newer.maxResponseBytes() + " bytes"));
    }
    if (older.supportsIdempotency() && !newer.supportsIdempotency()) {
      out.add(new BreakingChange(Kind.IDEMPOTENCY_DROPPED, at + " supportsIdempotency", "true -> false"));
    }
    if (!older.mutating() && newer.mutating()) {
      out.add(new BreakingChange(Kind.BECAME_MUTATING, at + " mutating", "false -> true"));
    }
    Set<RedactionRule> olderRedactions = Set.copyOf(older.redactions());
    for (RedactionRule rule : new LinkedHashSet<>(newer.redactions())) {
      if (!olderRedactions.contains(rule)) {
        out.add(new BreakingChange(Kind.REDACTION_ADDED, at + " redactions",
            rule.pointerPattern() + " is now redacted"));
      }
    }
    SchemaComparator.compareRoots(older.requestSchema(), newer.requestSchema(), SchemaRole.INPUT,
        SchemaLocation.root(at + " request"), out);
    SchemaComparator.compareRoots(older.responseSchema(), newer.responseSchema(), SchemaRole.OUTPUT,
        SchemaLocation.root(at + " response"), out);
  }

  private static SemanticVersion version(ConnectorType type) {
    if (!SemanticVersion.isValid(type.version())) {
      throw new IllegalArgumentException(type.coordinates() + ": '" + type.version() + "' is not a semantic version");
    }
    return SemanticVersion.parse(type.version());
  }
}
