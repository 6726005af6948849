package io.cynodeai.connector.core.internal.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * YAML for spec and policy documents. YAML is optional ({@value #ARTIFACT} and SnakeYAML): a host that reads
 * only JSON documents does not carry it, and reading a YAML document without it is refused with a message
 * naming the artifact to add. This class names no YAML type itself, so it loads without the YAML jars; the
 * factories are built by {@link YamlFactories}, loaded only once {@link #available()} said yes. Thread-safe.
 */
public final class YamlSupport {
  /** The Maven coordinates a host adds to read YAML documents. */
  public static final String ARTIFACT = "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml";
  private static final boolean AVAILABLE = probe();

  private YamlSupport() {}

  /** Whether Jackson's YAML format and SnakeYAML are on the class path. */
  public static boolean available() {
    return AVAILABLE;
  }

  /** Why {@code what} cannot be read here: the sentence naming the artifact to add. */
  public static String missing(String what) {
    return what + " needs YAML support on the class path: add the dependency " + ARTIFACT
        + " (it brings SnakeYAML), or use JSON";
  }

  /**
   * The parser factory for YAML spec documents: duplicate keys refused, at most ten aliases per collection,
   * SnakeYAML's own limits set to {@code nestingDepthLimit} and {@code codePointLimit}, and Jackson's to
   * {@code limits}.
   *
   * @throws IllegalStateException when YAML is not on the class path
   */
  public static JsonFactory specFactory(int nestingDepthLimit, int codePointLimit, StreamReadConstraints limits) {
    require("a YAML spec document");
    return YamlFactories.specFactory(nestingDepthLimit, codePointLimit, limits);
  }

  /**
   * A mapper for YAML policy documents, refusing duplicate keys.
   *
   * @throws IllegalStateException when YAML is not on the class path
   */
  public static ObjectMapper policyMapper() {
    require("a YAML policy document");
    return YamlFactories.policyMapper();
  }

  /**
   * Whether {@code parser}'s current token is a YAML alias or carries an anchor; false for a parser of any other
   * format (which is never asked to load YAML).
   *
   * @throws IOException when the parser cannot read the token's anchor
   */
  public static boolean aliasOrAnchor(JsonParser parser) throws IOException {
    // only YAML's parser reads object ids (anchors); asking first keeps a JSON read from loading YAML classes
    return parser.canReadObjectId() && YamlFactories.aliasOrAnchor(parser);
  }

  /** Whether {@code parser} reads YAML. */
  public static boolean isYaml(JsonParser parser) {
    return parser.canReadObjectId() && YamlFactories.isYaml(parser);
  }

  private static void require(String what) {
    if (!AVAILABLE) {
      throw new IllegalStateException(missing(what));
    }
  }

  private static boolean probe() {
    ClassLoader loader = YamlSupport.class.getClassLoader();
    try {
      Class.forName("com.fasterxml.jackson.dataformat.yaml.YAMLFactory", false, loader);
      Class.forName("org.yaml.snakeyaml.LoaderOptions", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
