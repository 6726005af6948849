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
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads spec text into JSON trees, remembering where every value started so problems can name a line and
 * column. YAML (one document or a multi-document stream) and JSON (one object or an array of objects) are
 * equivalent. Hostile input is refused, never expanded: aliases and anchors are not allowed (so alias bombs
 * cannot grow), duplicate keys, deep nesting and oversized sources or documents are errors. Thread-safe.
 */
public final class SpecReader {
  /** Default cap on a whole submission. */
  public static final int MAX_SOURCE_CHARS = 16 * 1024 * 1024;
  /** Default cap on one document. */
  public static final int MAX_DOCUMENT_CHARS = 256 * 1024;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_DOCUMENTS = 20_000;

  private final YAMLFactory yaml;
  private final JsonFactory json;
  private final int maxSourceChars;
  private final int maxDocumentChars;

  public SpecReader() {
    this(MAX_SOURCE_CHARS, MAX_DOCUMENT_CHARS);
  }

  public SpecReader(int maxSourceChars, int maxDocumentChars) {
    this.maxSourceChars = maxSourceChars;
    this.maxDocumentChars = maxDocumentChars;
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(maxSourceChars);
    StreamReadConstraints limits = StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
        .maxStringLength(maxDocumentChars).build();
    this.yaml = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
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
    Result fast = read(source, null);
    // A problem found while reading may name a value's pointer, which only the tracking read builds.
    return fast.problems().isEmpty() ? fast : read(source, new ArrayList<>());
  }

  /**
   * Reads {@code source}; with {@code positions}, also records where each value of each document starts
   * (one map per document, in document order), which costs a good part of the reading time.
   */
  private Result read(SpecSource source, @Nullable List<Map<String, int[]>> positions) {
    Locations locations = new Locations(this, source);
    String text = source.content();
    if (text.length() > maxSourceChars) {
      return failed(0, "too_large", "the submission has " + text.length() + " characters; the limit is "
          + maxSourceChars, 0, 0);
    }
    String trimmed = text.stripLeading();
    boolean isJson = trimmed.startsWith("{") || trimmed.startsWith("[");
    List<Document> docs = new ArrayList<>();
    try (JsonParser parser = isJson ? json.createParser(text) : yaml.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (isJson && first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          Result r = readDocument(parser, docs, locations, positions);
          if (r != null) {
            return r;
          }
        }
        if (parser.nextToken() != null) {
          return failed(docs.size(), "malformed", "unexpected content after the JSON array", parser);
        }
      } else {
        for (JsonToken t = first; t != null; t = parser.nextToken()) {
          Result r = readDocument(parser, docs, locations, positions);
          if (r != null) {
            return r;
          }
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return failed(docs.size(), "malformed", "malformed " + (isJson ? "JSON" : "YAML") + ": "
          + e.getOriginalMessage(), at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports its own limits (code points, nesting, aliases) as unchecked exceptions.
      return failed(docs.size(), "malformed", "unreadable " + (isJson ? "JSON" : "YAML") + ": "
          + firstLine(e.getMessage()), 0, 0);
    }
    if (docs.isEmpty()) {
      return failed(0, "empty", "the submission contains no document", 0, 0);
    }
    return new Result(docs, List.of());
  }

  /** Reads one document starting at the current token; returns a failed result, or null when it was read. */
  private @Nullable Result readDocument(JsonParser parser, List<Document> docs, Locations locations,
      @Nullable List<Map<String, int[]>> allPositions) throws IOException {
    int index = docs.size();
    if (index >= MAX_DOCUMENTS) {
      return failed(index, "too_many_documents", "a submission holds at most " + MAX_DOCUMENTS + " documents",
          parser);
    }
    JsonLocation startAt = parser.currentTokenLocation();
    long start = startAt.getCharOffset();
    Map<String, int[]> positions = allPositions == null ? null : new HashMap<>();
    Object tree = value(parser, "", positions);
    if (tree instanceof Result r) {
      SpecProblem p = r.problems().get(0);
      return new Result(List.of(), List.of(new SpecProblem(index, p.pointer(), p.code(), p.message(), p.line(),
          p.column())));
    }
    long end = parser.currentLocation().getCharOffset();
    if (start >= 0 && end - start > maxDocumentChars) {
      return failed(index, "too_large", "document " + index + " has " + (end - start)
          + " characters; the limit is " + maxDocumentChars, startAt.getLineNr(), 1);
    }
    JsonNode node = (JsonNode) tree;
    if (node.isNull() || (node.isTextual() && node.asText().isEmpty() && parser instanceof YAMLParser)) {
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
   * Builds the value at the current token; returns a JsonNode or a failed Result. Records value positions in
   * {@code positions} when given; {@code pointer} is then the value's pointer (it is only built when needed).
   */
  private Object value(JsonParser parser, String pointer, @Nullable Map<String, int[]> positions)
      throws IOException {
    if (positions != null) {
      JsonLocation at = parser.currentTokenLocation();
      positions.put(pointer, new int[] {at.getLineNr(), at.getColumnNr()});
    }
    if (parser instanceof YAMLParser y && (y.isCurrentAlias() || y.getObjectId() != null)) {
      JsonLocation at = parser.currentTokenLocation();
      return failed(0, "yaml_alias", "YAML anchors and aliases are not allowed in specs", at.getLineNr(),
          at.getColumnNr(), pointer);
    }
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode obj = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          Object child = value(parser, positions == null ? pointer : pointer + "/" + escape(key), positions);
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
          Object child = value(parser, positions == null ? pointer : pointer + "/" + arr.size(), positions);
          if (child instanceof Result r) {
            return r;
          }
          arr.add((JsonNode) child);
        }
        return arr;
      }
      case VALUE_STRING -> {
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
        JsonLocation at = parser.currentTokenLocation();
        return failed(0, "malformed", "unexpected " + token, at.getLineNr(), at.getColumnNr(), pointer);
      }
    }
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
