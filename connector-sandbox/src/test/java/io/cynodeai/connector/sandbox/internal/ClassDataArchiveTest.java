package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's class-data archive, with real children under the real boundary: made once by the trusted run, a
 * later child is served from it (its classes load from the archive's top layer); an archive that no longer
 * matches its SHA-256, one whose runtime jars changed, and a cache directory others may write are not used, and
 * a child handed a broken archive still starts (the JVM falls back).
 */
@Tag("REQ-EGRESS-005")
class ClassDataArchiveTest {
  private static final String FROM_ARCHIVE = "io.cynodeai.connector.sandbox.internal.SandboxMain source: shared"
      + " objects file (top)";

  @TempDir
  Path dir;
  private List<Path> runtimeJars;
  private Path cache;
  private ChildLauncher launcher;

  @BeforeEach
  void runtimeAsJars() throws IOException {
    IsolationSupport.Outcome isolation = IsolationSupport.check();
    assertThat(isolation).as(isolation.description()).isInstanceOf(IsolationSupport.Available.class);
    // CDS archives classes from jars only: the runtime's entries (class directories under a build) become jars
    Set<Path> entries = new LinkedHashSet<>();
    for (Class<?> anchor : List.of(ChildLauncher.class, ConnectorProvider.class, ExecutionMode.class,
        JsonNode.class, JsonParser.class, JsonProperty.class)) {
      entries.add(location(anchor));
    }
    runtimeJars = new ArrayList<>();
    int i = 0;
    for (Path entry : entries) {
      runtimeJars.add(Files.isDirectory(entry) ? jar(entry, dir.resolve("runtime-" + i++ + ".jar")) : entry);
    }
    cache = dir.resolve("cds");
    launcher = ChildLauncher.of(UntrustedConnector.class.getName(), List.of(location(UntrustedConnector.class)),
        SandboxLimits.defaults(), Clock.systemUTC(), isolation).withRuntime(runtimeJars, ClassDataArchive.in(cache));
  }

  @Test
  void aChildStartedAfterTheTrustedRunIsServedFromTheArchive() throws Exception {
    assertThat(launcher.command()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));

    launcher.createArchive().get(120, TimeUnit.SECONDS);

    List<String> cmd = launcher.command();
    assertThat(cmd).contains("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).hasSize(2)
          .anyMatch(n -> n.endsWith(".jsa")).anyMatch(n -> n.endsWith(".sha256")); // no dump directory left
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    String out = describeLoggingClassLoads(cmd);
    assertThat(out).contains("{\"type\":\"descriptor\"").contains(FROM_ARCHIVE);
    assertThat(DescriptorLoader.describe(launcher).path("name").asText()).isEqualTo("untrusted");
  }

  @Test
  void anArchiveThatNoLongerMatchesItsDigestIsDeletedAndChildrenStartWithoutIt() throws Exception {
    launcher.createArchive().get(120, TimeUnit.SECONDS);
    Path archive = only(".jsa");
    byte[] bytes = Files.readAllBytes(archive);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 4096; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(archive, bytes);

    List<String> cmd = launcher.command();

    assertThat(cmd).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    assertThat(archive).doesNotExist();
    assertThat(DescriptorLoader.describe(launcher).path("name").asText()).isEqualTo("untrusted");
    launcher.createArchive().get(120, TimeUnit.SECONDS); // made again
    assertThat(launcher.command()).contains("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);
  }

  @Test
  void aBrokenArchiveThatPassedTheDigestStillLetsTheChildStartWithoutIt() throws Exception {
    launcher.createArchive().get(120, TimeUnit.SECONDS);
    Path archive = only(".jsa");
    // the JVM's own checks are the second line: garbage whose digest matches (as if written by the host)
    byte[] garbage = "not a CDS archive".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    Files.write(archive, garbage);
    Files.writeString(only(".sha256"), java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(garbage)));

    List<String> cmd = launcher.command();

    assertThat(cmd).contains("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);
    String out = describeLoggingClassLoads(cmd);
    assertThat(out).contains("{\"type\":\"descriptor\"").doesNotContain(FROM_ARCHIVE);
  }

  @Test
  void aChangedRuntimeJarOrACacheOthersMayWriteIsNotUsed() throws Exception {
    launcher.createArchive().get(120, TimeUnit.SECONDS);
    assertThat(launcher.command()).contains("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);

    Path jar = runtimeJars.get(0);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    assertThat(launcher.command()).as("another key: the stale archive is not used")
        .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    launcher.createArchive().get(120, TimeUnit.SECONDS);
    assertThat(launcher.command()).contains("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);

    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(launcher.command()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
  }

  /** Runs the child's command with class loading logged on stdout, asks for the descriptor, returns stdout. */
  private static String describeLoggingClassLoads(List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    cmd.add(cmd.indexOf("-cp"), "-Xlog:class+load=info:stdout");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write("{\"type\":\"describe\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    String out;
    try (InputStream stdout = p.getInputStream()) {
      out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private Path only(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
    }
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path location(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
