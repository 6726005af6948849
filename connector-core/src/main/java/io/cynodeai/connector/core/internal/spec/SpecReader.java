package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.internal.yaml.YamlSupport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads spec text into JSON trees, remembering where every value started so problems can name a line and
 * column. YAML (one document or a multi-document stream) and JSON (one object or an array of objects) are
 * equivalent; YAML is optional ({@link YamlSupport}): without it a YAML submission is refused as {@code
 * yaml_unavailable}, naming the artifact to add, and JSON is read as before. Hostile input is refused, never expanded: aliases and anchors are not allowed (so alias bombs
 * cannot grow), duplicate keys are errors, and the caps are enforced while the text is parsed, each refusal
 * naming the line and column of the offending token: a submission or document over its cap where the cap is
 * crossed (the parser is fed through a {@link BoundedSpecReader}, so it never scans far past a cap), a scalar
 * or key over {@link #MAX_VALUE_CHARS} where it starts, nesting deeper than {@link #MAX_DEPTH} at the token
 * that crosses the limit. A refusal never reads the text again. Thread-safe.
 */
public final class SpecReader {
  /** Default cap on a whole submission. */
  public static final int MAX_SOURCE_CHARS = 16 * 1024 * 1024;
  /** Default cap on one document (with the comments and blank lines before it). */
  public static final int MAX_DOCUMENT_CHARS = 256 * 1024;
  /** Cap on one scalar or key. */
  public static final int MAX_VALUE_CHARS = 64 * 1024;
  /** Cap on nesting: a document's own mapping is level 1. */
  public static final int MAX_DEPTH = 64;
  private static final int MAX_DOCUMENTS = 20_000;

  private final @Nullable JsonFactory yaml;
  private final JsonFactory json;
  private final int maxSourceChars;
  private final int maxDocumentChars;

  public SpecReader() {
    this(MAX_SOURCE_CHARS, MAX_DOCUMENT_CHARS);
  }

  public SpecReader(int maxSourceChars, int maxDocumentChars) {
    this.maxSourceChars = maxSourceChars;
    this.maxDocumentChars = maxDocumentChars;
    // The parsers' own limits are backstops, set above ours: ours trip first, at a token, with its position.
    StreamReadConstraints limits = StreamReadConstraints.builder().maxNestingDepth(2 * MAX_DEPTH)
        .maxStringLength(maxDocumentChars + BoundedSpecReader.SLACK).maxNameLength(maxDocumentChars)
        .maxDocumentLength(maxSourceChars).build();
    this.yaml = YamlSupport.available() ? YamlSupport.specFactory(2 * MAX_DEPTH, maxSourceChars, limits) : null;
    this.json = JsonFactory.builder().streamReadConstraints(limits)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /**
   * A parsed document, able to name the source position of each of its values by JSON Pointer. Positions are
   * only needed for problems, so they are not tracked while reading: the first {@link #locate} of a
   * submission reads it again, tracking them for all its documents. Thread-safe.
   */
  public record Document(int index, JsonNode tree, Locations locations) {
    /** The line and column of the value at {@code pointer}, or of its nearest located parent. */
    public int[] locate(String pointer) {
      Map<String, int[]> positions = locations.of(index);
      String p = pointer;
      while (true) {
        int[] at = positions.get(p);
        if (at != null || p.isEmpty()) {
          return at != null ? at : new int[] {0, 0};
        }
        p = p.substring(0, p.lastIndexOf('/'));
      }
    }

    public SpecProblem problem(String pointer, String code, String message) {
      int[] at = locate(pointer);
      return new SpecProblem(index, pointer, code, message, at[0], at[1]);
    }
  }

  /** The value positions of every document of one submission, computed on first use. Thread-safe. */
  public static final class Locations {
    private final SpecReader reader;
    private final SpecSource source;
    private @Nullable List<Map<String, int[]>> positions;

    private Locations(SpecReader reader, SpecSource source) {
      this.reader = reader;
      this.source = source;
    }

    synchronized Map<String, int[]> of(int document) {
      if (positions == null) {
        List<Map<String, int[]>> all = new ArrayList<>();
        reader.read(source, all);
        positions = all;
      }
      return document < positions.size() ? positions.get(document) : Map.of();
    }
  }

  /** The documents read, or the problem that stopped reading. */
  public record Result(List<Document> documents, List<SpecProblem> problems) {}

  public Result read(SpecSource source) {
    return read(source, null);
  }

  /**
   * Reads {@code source}; with {@code positions}, also records where each value of each document starts
   * (one map per document, in document order), which costs a good part of the reading time.
   */
  private Result read(SpecSource source, @Nullable List<Map<String, int[]>> positions) {
    Locations locations = new Locations(this, source);
    String text = source.content();
    boolean isJson = startsJson(text);
    if (!isJson && yaml == null) {
      return failed(0, "yaml_unavailable", YamlSupport.missing("a YAML spec document")
          + " (a JSON submission starts with '{' or '[')", 1, 1);
    }
    BoundedSpecReader in = new BoundedSpecReader(text, !isJson, maxSourceChars, maxDocumentChars);
    List<Document> docs = new ArrayList<>();
    try (JsonParser parser = isJson ? json.createParser(in) : Objects.requireNonNull(yaml).createParser(in)) {
      JsonToken first = parser.nextToken();
      if (isJson && first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          Result r = readDocument(parser, in, docs, locations, positions);
          if (r != null) {
            return r;
          }
        }
        if (parser.nextToken() != null) {
          return failed(docs.size(), "malformed", "unexpected content after the JSON array", parser);
        }
      } else {
        for (JsonToken t = first; t != null; t = parser.nextToken()) {
          Result r = readDocument(parser, in, docs, locations, positions);
          if (r != null) {
            return r;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return unreadable(e, docs.size(), isJson);
    }
    if (docs.isEmpty()) {
      return failed(0, "empty", "the submission contains no document", 0, 0);
    }
    return new Result(docs, List.of());
  }

  /** The refusal for a parser's exception: a cap crossed (found in the exception's causes), or bad syntax. */
  private Result unreadable(Exception e, int docs, boolean isJson) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BoundedSpecReader.Overrun o) {
        return failed(docs, "too_large", o.document ? "document " + docs + " is longer than the limit of "
            + maxDocumentChars + " characters" : "the submission is longer than the limit of " + maxSourceChars
            + " characters", o.line, o.column);
      }
    }
    if (e instanceof JsonProcessingException jpe) {
      JsonLocation at = jpe.getLocation();
      return failed(docs, "malformed", "malformed " + (isJson ? "JSON" : "YAML") + ": "
          + jpe.getOriginalMessage(), at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }
    // SnakeYAML reports its own limits (code points, nesting, aliases) as unchecked exceptions.
    return failed(docs, "malformed", "unreadable " + (isJson ? "JSON" : "YAML") + ": "
        + firstLine(e.getMessage()), 0, 0);
  }

  /** Whether the first non-blank character opens a JSON object or array (without copying the text). */
  private static boolean startsJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) { // (a byte order mark: YAML, which reads JSON too)
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** Reads one document starting at the current token; returns a failed result, or null when it was read. */
  private @Nullable Result readDocument(JsonParser parser, BoundedSpecReader in, List<Document> docs,
      Locations locations, @Nullable List<Map<String, int[]>> allPositions) throws IOException {
    int index = docs.size();
    if (index >= MAX_DOCUMENTS) {
      return failed(index, "too_many_documents", "a submission holds at most " + MAX_DOCUMENTS + " documents",
          parser);
    }
    JsonLocation startAt = parser.currentTokenLocation();
    long start = startAt.getCharOffset();
    in.documentStartsAt(start);
    Map<String, int[]> positions = allPositions == null ? null : new HashMap<>();
    Object tree = value(parser, new ArrayDeque<>(), positions, 1);
    if (tree instanceof Result r) {
      SpecProblem p = r.problems().get(0);
      return new Result(List.of(), List.of(new SpecProblem(index, p.pointer(), p.code(), p.message(), p.line(),
          p.column())));
    }
    long end = parser.currentLocation().getCharOffset();
    if (start >= 0 && end - start > maxDocumentChars) {
      int[] crossed = in.crossing(start);
      return failed(index, "too_large", "document " + index + " is longer than the limit of " + maxDocumentChars
          + " characters", crossed != null ? crossed[0] : startAt.getLineNr(), crossed != null ? crossed[1] : 1);
    }
    in.documentStartsAt(end); // what lies between two documents counts towards the next
    JsonNode node = (JsonNode) tree;
    if (node.isNull() || (node.isTextual() && node.asText().isEmpty() && YamlSupport.isYaml(parser))) {
      return null; // an empty YAML document (a trailing or doubled ---) holds no spec
    }
    if (!node.isObject()) {
      return failed(index, "not_an_object", "a spec document must be a mapping (an object), not "
          + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), parser);
    }
    docs.add(new Document(index, node, locations));
    if (allPositions != null) {
      allPositions.add(positions);
    }
    return null;
  }

  /**
   * Builds the value at the current token, {@code depth} levels deep (a document's mapping is level 1); returns
   * a JsonNode or a failed Result. {@code path} holds the keys and indexes leading to the value, so a refusal
   * names its pointer; value positions are recorded in {@code positions} when given.
   */
  private Object value(JsonParser parser, Deque<String> path, @Nullable Map<String, int[]> positions, int depth)
      throws IOException {
    if (positions != null) {
      JsonLocation at = parser.currentTokenLocation();
      positions.put(pointer(path), new int[] {at.getLineNr(), at.getColumnNr()});
    }
    if (YamlSupport.aliasOrAnchor(parser)) {
      return failedAt(parser, "yaml_alias", "YAML anchors and aliases are not allowed in specs", path);
    }
    JsonToken token = parser.currentToken();
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
      return failedAt(parser, "too_deep", "nesting deeper than " + MAX_DEPTH + " levels", path);
    }
    switch (token) {
      case START_OBJECT -> {
        ObjectNode obj = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          if (parser.getTextLength() > MAX_VALUE_CHARS) {
            return failedAt(parser, "value_too_large", "a key is longer than the limit of " + MAX_VALUE_CHARS
                + " characters", path);
          }
          String key = parser.currentName();
          parser.nextToken();
          path.addLast(escape(key));
          Object child = value(parser, path, positions, depth + 1);
          path.removeLast();
          if (child instanceof Result r) {
            return r;
          }
          obj.set(key, (JsonNode) child);
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          path.addLast(Integer.toString(arr.size()));
          Object child = value(parser, path, positions, depth + 1);
          path.removeLast();
          if (child instanceof Result r) {
            return r;
          }
          arr.add((JsonNode) child);
        }
        return arr;
      }
      case VALUE_STRING -> {
        if (parser.getTextLength() > MAX_VALUE_CHARS) {
          return failedAt(parser, "value_too_large", "a value is longer than the limit of " + MAX_VALUE_CHARS
              + " characters", path);
        }
        return JsonNodeFactory.instance.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
          case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
          default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return JsonNodeFactory.instance.nullNode();
      }
      default -> {
        return failedAt(parser, "malformed", "unexpected " + token, path);
      }
    }
  }

  private static String pointer(Deque<String> path) {
    return path.isEmpty() ? "" : "/" + String.join("/", path);
  }

  private static Result failedAt(JsonParser parser, String code, String message, Deque<String> path) {
    JsonLocation at = parser.currentTokenLocation();
    return failed(0, code, message, at.getLineNr(), at.getColumnNr(), pointer(path));
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static Result failed(int doc, String code, String message, JsonParser parser) {
    JsonLocation at = parser.currentTokenLocation();
    return failed(doc, code, message, at.getLineNr(), at.getColumnNr());
  }

  private static Result failed(int doc, String code, String message, int line, int column) {
    return failed(doc, code, message, line, column, "");
  }

  private static Result failed(int doc, String code, String message, int line, int column, String pointer) {
    return new Result(List.of(), List.of(new SpecProblem(doc, pointer, code, message, Math.max(line, 0),
        Math.max(column, 0))));
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
