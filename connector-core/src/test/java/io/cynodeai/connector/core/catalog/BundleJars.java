package io.cynodeai.connector.core.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real connector bundle JARs for tests: a provider compiled from source at test time (so it is on no
 * class path but the bundle's), packed with its {@code META-INF/services} declaration.
 */
final class BundleJars {
  static final String PROVIDER = "bundled.GreeterProvider";
  private static final String SOURCE = """
      package bundled;

      import io.cynodeai.connector.api.ExecutionMode;
      import io.cynodeai.connector.spi.ConnectorProvider;
      import io.cynodeai.connector.spi.ConnectorType;
      import io.cynodeai.connector.spi.HandlerResult;
      import io.cynodeai.connector.spi.JsonResources;
      import io.cynodeai.connector.spi.OperationDescriptor;

      public final class GreeterProvider implements ConnectorProvider {
        @Override
        public ConnectorType type() {
          return ConnectorType.builder("bundled-greeter", "1.0.0")
              .configSchema("1", JsonResources.parse("{\\"type\\":\\"object\\"}"))
              .operation(OperationDescriptor.builder("greet").modes(ExecutionMode.SYNC)
                  .requestSchema(JsonResources.parse("{\\"type\\":\\"object\\",\\"required\\":[\\"name\\"],"
                      + "\\"properties\\":{\\"name\\":{\\"type\\":\\"string\\"}}}"))
                  .responseSchema(JsonResources.parse("{\\"type\\":\\"object\\"}"))
                  .handler((ctx, input) -> HandlerResult.ofRawJson(
                      "{\\"greeting\\":\\"hello from the bundle, " + input.get("name").asText() + "\\"}")))
              .build();
        }
      }
      """;

  private BundleJars() {}

  /** Compiles the provider into {@code dir} and returns the bundle JAR. */
  static Path greeterBundle(Path dir) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/bundled"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path file = Files.writeString(src.resolve("GreeterProvider.java"), SOURCE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, System.err, "-d", classes.toString(), "-classpath", classPath(),
        "--release", "17", file.toString());
    if (rc != 0) {
      throw new IllegalStateException("compiling the bundled provider failed");
    }
    Path jar = dir.resolve("greeter-bundle.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
        jos.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
        jos.write(Files.readAllBytes(c));
        jos.closeEntry();
      }
      jos.putNextEntry(new JarEntry("META-INF/services/" + ConnectorProvider.class.getName()));
      jos.write((PROVIDER + "\n").getBytes(StandardCharsets.UTF_8));
      jos.closeEntry();
    }
    return jar;
  }

  /** A copy of {@code jar} with one byte changed in the middle. */
  static Path tampered(Path jar) throws IOException {
    byte[] bytes = Files.readAllBytes(jar);
    bytes[bytes.length / 2] ^= 0x01;
    return Files.write(jar.resolveSibling("tampered-" + jar.getFileName()), bytes);
  }

  private static String classPath() {
    return Stream.of(ConnectorProvider.class, ExecutionMode.class, JsonNode.class, JsonParser.class,
            org.jspecify.annotations.Nullable.class)
        .map(BundleJars::location).distinct().collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> reasons(List<InvalidBundleException> errors) {
    return errors.stream().map(e -> e.reason().name()).toList();
  }
}
