package io.cynodeai.connector.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.internal.spec.SpecBinder;
import java.io.IOException;
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

  /** An uploaded or local file as a source named by its file name. */
  public static SpecSource readFile(Path file) throws IOException {
    return new SpecSource(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
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
