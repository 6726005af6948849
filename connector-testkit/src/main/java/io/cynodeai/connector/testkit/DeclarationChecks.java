package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.SECURITY;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RedactionRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The security checklist items read from the type's declarations alone (§7, §8, §15): config defaults do not
 * turn TLS off; secret-looking config fields are marked secret or refused; mutating operations are safe to
 * retry; payload caps are bounded; credential-like response fields are redacted. Names are compared by their
 * words ({@code apiKey}, {@code api_key} and {@code api-key} all read "api key"). Stateless; thread-safe.
 */
final class DeclarationChecks {
  static final String TLS = "TLS is not turned off by config defaults";
  static final String SECRET_CONFIG = "secret-looking config fields are marked secret or refused";
  static final String RETRY_SAFE = "mutating operations support idempotency or are never retried";
  static final String CAPS = "operations cap their payloads";
  static final String REDACTED_FIELDS = "credential-like response fields are redacted";
  /**
   * The largest payload cap the checklist accepts (16 MiB): what a host can afford to buffer per call. The
   * engine's own ceiling (64 MiB) is for exceptional types, and its default response cap (1 MiB) truncates
   * larger answers unless the host raises it.
   */
  static final int MAX_CAP = 16 * 1024 * 1024;

  private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "secret", "token",
      "credential", "credentials", "apikey", "authorization", "cookie", "bearer", "passphrase");
  private static final Set<String> SECRET_PAIRS = Set.of("api key", "private key", "access key", "secret key",
      "session id", "client secret", "signing key");

  private DeclarationChecks() {}

  static List<CheckResult> check(ConnectorType type) {
    List<OperationDescriptor> ops = DescriptorChecks.distinctOperations(type);
    JsonNode config = type.configSchema();
    return List.of(tls(config), secretConfig(config), retrySafe(ops), caps(ops), redactedFields(ops));
  }

  /** Whether a field name reads like a credential: its last word, or last two, name one. */
  static boolean secretLooking(String name) {
    List<String> words = words(name);
    if (words.isEmpty()) {
      return false;
    }
    String last = words.get(words.size() - 1);
    String pair = words.size() > 1 ? words.get(words.size() - 2) + " " + last : "";
    return SECRET_WORDS.contains(last) || SECRET_PAIRS.contains(pair);
  }

  private static CheckResult tls(JsonNode config) {
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    properties(config, "", (path, schema) -> {
      List<String> words = words(path.substring(path.lastIndexOf('/') + 1));
      JsonNode def = schema.get("default");
      boolean tlsWord = words.stream().anyMatch(w -> Set.of("tls", "ssl", "https", "starttls").contains(w));
      boolean insecureWord = words.stream().anyMatch(w -> Set.of("insecure", "skip", "disable", "trustall",
          "unsafe").contains(w)) || String.join(" ", words).contains("trust all");
      if (def != null && def.isBoolean() && (tlsWord || insecureWord || words.contains("verify"))) {
        seen.add(path + " (default " + def.asBoolean() + ")");
        if (insecureWord ? def.asBoolean() : !def.asBoolean()) {
          problems.add(path + " defaults to " + def.asBoolean() + ", which turns TLS or its verification off");
        }
      }
      if (def != null && def.isTextual() && def.asText().toLowerCase(Locale.ROOT).startsWith("http://")) {
        problems.add(path + " defaults to the plain-text URL " + def.asText());
      }
    });
    if (!problems.isEmpty()) {
      return CheckResult.fail(SECURITY, TLS, String.join("\n", problems));
    }
    return CheckResult.pass(SECURITY, TLS, seen.isEmpty() ? "no config default turns TLS or its verification off"
        : "checked " + String.join(", ", seen));
  }

  private static CheckResult secretConfig(JsonNode config) {
    List<String> problems = new ArrayList<>();
    List<String> marked = new ArrayList<>();
    properties(config, "", (path, schema) -> {
      if (!secretLooking(path.substring(path.lastIndexOf('/') + 1))) {
        return;
      }
      if (schema.path("writeOnly").asBoolean(false)) {
        marked.add(path + " (writeOnly)");
      } else if (schema.isBoolean() && !schema.asBoolean() || schema.has("not") && schema.get("not").isEmpty()) {
        marked.add(path + " (refused)");
      } else {
        problems.add(path + " looks like a secret but is neither marked \"writeOnly\": true nor refused; configs "
            + "are stored and shown in plain text, so secrets belong in the instance's credentials");
      }
    });
    if (!problems.isEmpty()) {
      return CheckResult.fail(SECURITY, SECRET_CONFIG, String.join("\n", problems));
    }
    return CheckResult.pass(SECURITY, SECRET_CONFIG, marked.isEmpty() ? "the config schema has no secret-looking field"
        : String.join(", ", marked));
  }

  private static CheckResult retrySafe(List<OperationDescriptor> ops) {
    List<String> mutating = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (OperationDescriptor op : ops) {
      if (!op.mutating()) {
        continue;
      }
      int retries = op.retryPolicy().maxRetries();
      mutating.add(op.name() + (op.supportsIdempotency() ? " (idempotent)" : " (" + retries + " retries)"));
      if (!op.supportsIdempotency() && retries > 0) {
        problems.add(op.name() + " mutates, is retried up to " + retries + " times and does not support "
            + "idempotency: a retry after a lost answer applies it twice");
      }
    }
    if (mutating.isEmpty()) {
      return CheckResult.notApplicable(SECURITY, RETRY_SAFE, "no operation mutates");
    }
    return problems.isEmpty() ? CheckResult.pass(SECURITY, RETRY_SAFE, String.join(", ", mutating))
        : CheckResult.fail(SECURITY, RETRY_SAFE, String.join("\n", problems));
  }

  private static CheckResult caps(List<OperationDescriptor> ops) {
    List<String> problems = new ArrayList<>();
    for (OperationDescriptor op : ops) {
      if (op.maxRequestBytes() <= 0 || op.maxRequestBytes() > MAX_CAP) {
        problems.add(op.name() + ": request cap " + op.maxRequestBytes() + " bytes is not between 1 and " + MAX_CAP);
      }
      if (op.maxResponseBytes() <= 0 || op.maxResponseBytes() > MAX_CAP) {
        problems.add(op.name() + ": response cap " + op.maxResponseBytes() + " bytes is not between 1 and "
            + MAX_CAP);
      }
    }
    int largest = ops.stream().mapToInt(op -> Math.max(op.maxRequestBytes(), op.maxResponseBytes())).max().orElse(0);
    return problems.isEmpty() ? CheckResult.pass(SECURITY, CAPS, "every request and response cap is between 1 and "
        + MAX_CAP + " bytes (largest " + largest + ")") : CheckResult.fail(SECURITY, CAPS, String.join("\n", problems));
  }

  private static CheckResult redactedFields(List<OperationDescriptor> ops) {
    List<String> covered = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (OperationDescriptor op : ops) {
      if (op.responseSchema() == null) {
        continue;
      }
      Set<String> fields = new LinkedHashSet<>();
      properties(op.responseSchema(), "", (path, schema) -> {
        if (secretLooking(lastSegment(path))) {
          fields.add(path);
        }
      });
      for (String field : fields) {
        (redacts(op.redactions(), field) ? covered : problems).add(op.name() + " " + field);
      }
    }
    if (!problems.isEmpty()) {
      return CheckResult.fail(SECURITY, REDACTED_FIELDS, "no redaction rule covers " + String.join(", ", problems));
    }
    return CheckResult.pass(SECURITY, REDACTED_FIELDS, covered.isEmpty()
        ? "no response schema declares a credential-like field" : "redacted: " + String.join(", ", covered));
  }

  /** Whether a rule matches the field's pattern or one of its ancestors ({@code *} matches any segment). */
  private static boolean redacts(List<RedactionRule> rules, String field) {
    List<String> target = RedactionPaths.segments(field);
    for (RedactionRule rule : rules) {
      List<String> pattern = RedactionPaths.segments(rule.pointerPattern());
      if (pattern.size() > target.size() || pattern.isEmpty()) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < pattern.size() && matches; i++) {
        matches = pattern.get(i).equals("*") || pattern.get(i).equals(target.get(i));
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static String lastSegment(String path) {
    List<String> segments = RedactionPaths.segments(path);
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /**
   * Visits every declared property of a schema as a pointer pattern ({@code /a/*}{@code /b}; array items and
   * additional properties are {@code *}), through local {@code $ref}s, {@code allOf}/{@code anyOf}/{@code
   * oneOf} branches and nested objects, to a bounded depth.
   */
  private static void properties(JsonNode root, String base, BiConsumer<String, JsonNode> visit) {
    if (root != null) {
      walk(root, root, base, visit, 0);
    }
  }

  private static void walk(JsonNode root, JsonNode schema, String path, BiConsumer<String, JsonNode> visit,
      int depth) {
    if (depth > 16 || !schema.isObject()) {
      return;
    }
    JsonNode s = schema;
    if (s.path("$ref").isTextual() && s.get("$ref").asText().startsWith("#")) {
      JsonNode target = root.at(s.get("$ref").asText().substring(1));
      if (!target.isMissingNode()) {
        walk(root, target, path, visit, depth + 1);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      String child = path + "/" + RedactionPaths.escape(p.getKey());
      visit.accept(child, p.getValue());
      walk(root, p.getValue(), child, visit, depth + 1);
    }
    for (String keyword : List.of("items", "additionalProperties")) {
      if (s.path(keyword).isObject()) {
        walk(root, s.get(keyword), path + "/*", visit, depth + 1);
      }
    }
    for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
      s.path(keyword).forEach(branch -> walk(root, branch, path, visit, depth + 1));
    }
  }

  /** The lower-case words of a name: split at camel case, digits, and any non-letter. */
  private static List<String> words(String name) {
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : spaced.split("[^a-z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
