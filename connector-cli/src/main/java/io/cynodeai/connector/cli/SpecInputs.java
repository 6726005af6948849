package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.spec.SpecFileException;
import io.cynodeai.connector.core.spec.SpecFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec files named on the command line, read: a file as given, a directory with every {@code .yaml},
 * {@code .yml} and {@code .json} file in it <em>or below it</em> (hidden directories such as {@code .git} or
 * {@code .connectorctl} skipped), in path order. Each file is named by its path as given joined with its path
 * inside the directory, so two files of the same name in different directories stay apart. A directory without
 * any spec file is a problem of that directory (the same for validate, diff and apply). Not thread-safe.
 */
final class SpecInputs {
  /** Larger files are read by {@link SpecFiles#readFile}, which stops where the submission cap is crossed. */
  private static final long WHOLE_READ_LIMIT = 4L * 1024 * 1024;

  /** A file read, named for messages. */
  record Input(String name, SpecSource source) {}

  /** The files read, and the problems of files (or directories) that could not be read as spec text. */
  record Read(List<Input> inputs, Map<String, List<SpecProblem>> unreadable) {}

  private SpecInputs() {}

  /**
   * Reads every spec file of {@code paths}.
   *
   * @throws java.nio.file.NoSuchFileException when a path does not exist
   * @throws IOException when a file or directory cannot be read at all
   */
  static Read read(List<Path> paths) throws IOException {
    List<Input> inputs = new ArrayList<>();
    Map<String, List<SpecProblem>> unreadable = new LinkedHashMap<>();
    Set<Path> seen = new HashSet<>();
    for (Path given : paths) {
      if (!Files.exists(given)) {
        throw new java.nio.file.NoSuchFileException(given.toString());
      }
      List<Path> files = Files.isDirectory(given) ? specFilesBelow(given) : List.of(given);
      if (files.isEmpty()) {
        unreadable.put(given.toString(), List.of(new SpecProblem(0, "", "no_spec_files", "no spec files (.yaml, "
            + ".yml, .json) in this directory or below it", 0, 0)));
      }
      for (Path file : files) {
        if (!seen.add(file.toAbsolutePath().normalize())) {
          continue; // named twice (a directory and a file in it): read once
        }
        String name = file.toString();
        try {
          inputs.add(new Input(name, new SpecSource(name, text(file))));
        } catch (SpecFileException e) {
          unreadable.put(name, List.of(e.problem()));
        }
      }
    }
    return new Read(inputs, unreadable);
  }

  /** The spec files in {@code dir} and its subdirectories (hidden ones skipped), sorted by path. */
  private static List<Path> specFilesBelow(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        boolean hidden = !d.equals(dir) && d.getFileName().toString().startsWith(".");
        return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (Files.isRegularFile(f) && SpecFiles.isSpecFile(f)) {
          out.add(f);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }

  /**
   * The file as strict UTF-8 text. Small files are read whole and decoded at once; a large or malformed file
   * goes through {@link SpecFiles#readFile}, which locates the problem (too large, not UTF-8).
   */
  private static String text(Path file) throws IOException {
    if (Files.size(file) <= WHOLE_READ_LIMIT) {
      byte[] bytes = Files.readAllBytes(file);
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        // fall through: the careful reader says where
      }
    }
    try {
      return SpecFiles.readFile(file).content();
    } catch (SpecFileException e) {
      throw new SpecFileException(file.toString(), e.problem());
    }
  }
}
