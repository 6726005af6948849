package io.cynodeai.connector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.spec.SpecFiles;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Keeps applied specs as one canonical JSON file per spec in a directory, so successive {@code connectorctl}
 * runs share them. Writes are atomic (temp file + move). For one process at a time; not a multi-writer store.
 */
final class FileSpecStore implements SpecStore {
  private final Path dir;
  private volatile Function<SpecSource, SpecValidation> parser = s -> {
    throw new IllegalStateException("no parser yet");
  };

  FileSpecStore(Path dir) {
    this.dir = dir;
  }

  /** The engine's validator, which reads the stored files back (set once the engine is built). */
  void parser(Function<SpecSource, SpecValidation> value) {
    this.parser = value;
  }

  @Override
  public Optional<ConnectorSpec> find(String name) {
    Path file = dir.resolve(name + ".json");
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  @Override
  public List<ConnectorSpec> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<ConnectorSpec> out = new ArrayList<>();
      files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(f -> out.add(read(f)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(ConnectorSpec spec) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, spec.name(), ".tmp");
      Files.writeString(tmp, SpecFiles.toJson(spec), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(spec.name() + ".json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ConnectorSpec read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      JsonNode tree = JsonResources.parse(text);
      SpecValidation v = parser.apply(new SpecSource(file.toString(), tree.toString()));
      if (!v.valid()) {
        throw new IllegalStateException("corrupt state file " + file + ": " + v.problems());
      }
      ConnectorSpec spec = v.specs().get(0);
      return spec.withIdentity(tree.at("/metadata/uid").asText(), tree.at("/metadata/resourceVersion").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
