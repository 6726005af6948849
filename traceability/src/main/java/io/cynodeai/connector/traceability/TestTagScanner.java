package io.cynodeai.connector.traceability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds requirement tags in test sources: every {@code @Tag("REQ-...")} or {@code @Tag(value = "REQ-...")}
 * (also fully qualified, and inside {@code @Tags}) in every {@code .java} file under a {@code src/test/java}
 * directory anywhere below the repository root, nested modules included. Maven build output (a {@code target}
 * directory beside a {@code pom.xml}) and hidden directories are skipped; tags in comments and text blocks do not count. Stateless and thread-safe.
 */
public final class TestTagScanner {
  /** The prefix that makes a JUnit tag a requirement tag. */
  public static final String PREFIX = "REQ-";

  private static final String TEST_SOURCES = "src/test/java/";
  private static final Pattern TAG = Pattern.compile(
      "@(?:org\\.junit\\.jupiter\\.api\\.)?Tag\\s*\\(\\s*(?:value\\s*=\\s*)?\"([^\"\\\\\\n]*)\"\\s*\\)");

  /** Every requirement tag in the test sources under {@code root}, by file path then position. */
  public List<TagUse> scan(Path root) throws IOException {
    List<Path> files = testSources(root);
    List<TagUse> uses = new ArrayList<>();
    for (Path file : files) {
      String relative = slashes(root.relativize(file));
      int testSources = relative.startsWith(TEST_SOURCES) ? 0 : relative.indexOf("/" + TEST_SOURCES) + 1;
      String module = testSources == 0 ? "." : relative.substring(0, testSources - 1);
      String source = Files.readString(file, StandardCharsets.UTF_8);
      uses.addAll(scanSource(module, relative, source));
    }
    return List.copyOf(uses);
  }

  /**
   * The requirement tags in one test source.
   *
   * @param module the module directory the tests are reported under
   * @param file the file's path, for locations; its name (without {@code .java}) is the top-level class
   * @param source the file's text
   */
  public List<TagUse> scanSource(String module, String file, String source) {
    MaskedSource masked = MaskedSource.of(source);
    String name = file.substring(file.lastIndexOf('/') + 1);
    String fileClass = name.endsWith(".java") ? name.substring(0, name.length() - ".java".length()) : name;
    DeclarationLocator locator = new DeclarationLocator(masked, fileClass);
    List<TagUse> uses = new ArrayList<>();
    Matcher tag = TAG.matcher(masked.code());
    while (tag.find()) {
      String value = tag.group(1).strip();
      if (value.startsWith(PREFIX)) {
        DeclarationLocator.Target target = locator.declarationAfter(tag.end());
        TestRef test = new TestRef(module, target.className(), target.method());
        uses.add(new TagUse(value, test, file, lineOf(source, tag.start())));
      }
    }
    return List.copyOf(uses);
  }

  private static List<Path> testSources(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        boolean buildOutput = name.equals("target") && Files.isRegularFile(dir.resolveSibling("pom.xml"));
        boolean skipped = buildOutput || name.startsWith(".");
        return !dir.equals(root) && skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String relative = slashes(root.relativize(file));
        boolean test = relative.startsWith(TEST_SOURCES) || relative.contains("/" + TEST_SOURCES);
        if (attrs.isRegularFile() && test && relative.endsWith(".java")) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return files;
  }

  private static String slashes(Path path) {
    return path.toString().replace('\\', '/');
  }

  private static int lineOf(String source, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
