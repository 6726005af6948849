package io.cynodeai.connector.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.internal.spec.SpecBinder;
import io.cynodeai.connector.core.internal.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads spec files (an uploaded file, a file or a directory on disk) into {@link SpecSource}s, and writes specs
 * back in their canonical form. Stateless and thread-safe.
 */
public final class SpecFiles {
  private SpecFiles() {}

  /** Whether the file name looks like a spec file ({@code .yaml}, {@code .yml}, {@code .json}). */
  public static boolean isSpecFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** One source per spec file: the file itself, or every spec file directly in a directory, by name. */
  public static List<SpecSource> read(Path fileOrDirectory) throws IOException {
    List<SpecSource> out = new ArrayList<>();
    if (Files.isDirectory(fileOrDirectory)) {
      try (Stream<Path> files = Files.list(fileOrDirectory)) {
        for (Path f : files.filter(Files::isRegularFile).filter(SpecFiles::isSpecFile).sorted().toList()) {
          out.add(readFile(f));
        }
      }
    } else {
      out.add(readFile(fileOrDirectory));
    }
    return out;
  }

  /**
   * An uploaded or local file as a source named by its file name. The file is decoded as strict UTF-8 while it is
   * read, at most {@link SpecReader#MAX_SOURCE_CHARS} characters of it.
   *
   * @throws SpecFileException when it is not UTF-8 ({@code not_utf8}, at the first malformed byte) or longer
   *     than the cap ({@code too_large}, where it is crossed, without reading the rest)
   */
  public static SpecSource readFile(Path file) throws IOException {
    String origin = file.getFileName().toString();
    int expected = (int) Math.min(Files.size(file), SpecReader.MAX_SOURCE_CHARS); // no doubling copies
    try (InputStream in = Files.newInputStream(file)) {
      return new SpecSource(origin, decode(in, origin, SpecReader.MAX_SOURCE_CHARS, expected));
    }
  }

  /**
   * Decodes {@code in} as strict UTF-8, at most {@code maxChars} characters, tracking the line and column (1-based;
   * lines end at \n) so a refusal can name them.
   */
  static String decode(InputStream in, String origin, int maxChars, int expectedChars) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    StringBuilder text = new StringBuilder(Math.max(16, expectedChars));
    int line = 1;
    int column = 1;
    boolean eof = false;
    while (true) {
      if (!eof) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
      }
      bytes.flip();
      CoderResult result = utf8.decode(bytes, chars, eof);
      if (eof && result.isUnderflow()) {
        result = utf8.flush(chars);
      }
      chars.flip();
      while (chars.hasRemaining()) {
        if (text.length() >= maxChars) {
          throw new SpecFileException(origin, new SpecProblem(0, "", "too_large", "the file is longer than the "
              + "limit of " + maxChars + " characters", line, column));
        }
        char c = chars.get();
        text.append(c);
        if (c == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      chars.clear();
      if (result.isError()) {
        throw new SpecFileException(origin, new SpecProblem(0, "", "not_utf8", "the file is not UTF-8 text: "
            + "malformed byte sequence", line, column));
      }
      bytes.compact();
      if (eof && result.isUnderflow() && bytes.position() == 0) {
        return text.toString();
      }
    }
  }

  /** Validated specs from several sources as one batch (a JSON array of their canonical documents). */
  public static SpecSource batch(String origin, List<ConnectorSpec> specs) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    specs.forEach(s -> array.add(SpecBinder.toTree(s)));
    return new SpecSource(origin, array.toString());
  }

  /** The canonical JSON document of a spec (what list and get return). */
  public static String toJson(ConnectorSpec spec) {
    return SpecBinder.toTree(spec).toPrettyString();
  }
}
