package io.cynodeai.connector.core.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.core.internal.policy.PolicyDocument;
import io.cynodeai.connector.core.internal.policy.PolicyDocumentParser;
import io.cynodeai.connector.core.internal.policy.RuleSet;
import io.cynodeai.connector.core.internal.yaml.YamlSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads {@link RuleBasedPolicy rule-based policies} from YAML or JSON documents:
 *
 * <pre>{@code
 * rules:
 *   - name: ops-read-mail
 *     effect: allow                       # or deny; deny wins
 *     groups: [ops]                       # subjects: users and/or groups ("*" = everyone)
 *     projects: [proj-a]                  # optional scope: projects, instances, types (globs)
 *     actions: [connector.operation.invoke, connector.operation.read]
 *     operations: ["read*"]               # optional, globs
 * templates:                              # optional, besides the built-in ones
 *   triage: [{effect: allow, actions: [connector.operation.invoke], operations: [label, archive]}]
 * instances:                              # per-instance bindings (§19.6)
 *   ops-mail: {template: read-only-notifications, groups: [ops], allowOperations: [readInbox]}
 * }</pre>
 *
 * A document is validated in full before a policy exists: every problem is reported in one {@link
 * InvalidPolicyException}, and nothing is half-applied. Stateless and thread-safe.
 */
public final class Policies {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Policies() {}

  /**
   * Reads a YAML policy file. YAML support is an optional dependency: the host declares {@code
   * com.fasterxml.jackson.dataformat:jackson-dataformat-yaml} to use this (JSON documents need nothing more).
   *
   * @throws InvalidPolicyException if it is malformed
   * @throws UncheckedIOException if it is unreadable
   * @throws IllegalStateException if YAML support is not on the class path (the message names the artifact)
   */
  public static RuleBasedPolicy fromYaml(Path file) {
    ObjectMapper yaml = yaml(); // before reading: a missing dependency is said first
    return load(yaml, read(file), file.toString());
  }

  /**
   * Parses a YAML policy document; see {@link #fromYaml(Path)} for the optional YAML dependency.
   *
   * @throws InvalidPolicyException if it is malformed
   * @throws IllegalStateException if YAML support is not on the class path (the message names the artifact)
   */
  public static RuleBasedPolicy fromYaml(String document) {
    return load(yaml(), document, "document");
  }

  /** The YAML mapper; a JSON-only host never loads (or carries) the YAML stack. */
  private static ObjectMapper yaml() {
    if (!YamlSupport.available()) {
      throw new IllegalStateException(YamlSupport.missing("Policies.fromYaml"));
    }
    return Yaml.MAPPER;
  }

  /** Built on first use, once YAML is known to be on the class path. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = YamlSupport.policyMapper();
  }

  /** Reads a JSON policy file. @throws InvalidPolicyException if it is malformed; UncheckedIOException if unreadable */
  public static RuleBasedPolicy fromJson(Path file) {
    return load(JSON, read(file), file.toString());
  }

  /** Parses a JSON policy document. @throws InvalidPolicyException if it is malformed */
  public static RuleBasedPolicy fromJson(String document) {
    return load(JSON, document, "document");
  }

  /** A policy tree already parsed by the host (for example a section of its own configuration). */
  public static RuleBasedPolicy fromTree(JsonNode document) {
    return compile(Objects.requireNonNull(document, "document"), "document");
  }

  /** A policy with no rules: denies everything until instances are bound to templates. */
  public static RuleBasedPolicy empty() {
    return compile(JSON.createObjectNode(), "empty");
  }

  private static RuleBasedPolicy load(ObjectMapper mapper, String text, String source) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new InvalidPolicyException(source, "not well-formed" + (at == null ? "" : " at line "
          + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
    }
    return compile(tree == null ? mapper.createObjectNode() : tree, source);
  }

  private static RuleBasedPolicy compile(JsonNode tree, String source) {
    List<String> problems = new ArrayList<>();
    PolicyDocument doc = PolicyDocumentParser.parse(tree, problems);
    RuleSet rules = problems.isEmpty() ? RuleSet.compile(doc, problems) : null;
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(source, problems);
    }
    return new RuleBasedPolicy(Objects.requireNonNull(rules));
  }

  private static String read(Path file) {
    try {
      return Files.readString(Objects.requireNonNull(file, "file"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policy file " + file, e);
    }
  }
}
