package io.cynodeai.connector.traceability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Fixture sources are text blocks: the scanner ignores text blocks, so these fixtures never count as real tags.
@Tag("REQ-GOV-009")
class TestTagScannerTest {
  private final TestTagScanner scanner = new TestTagScanner();

  @Test
  void attributesEachTagToTheMethodOrClassItAnnotates() {
    String source = """
        package p;

        import org.junit.jupiter.api.Tag;
        import org.junit.jupiter.api.Tags;

        @Tag("REQ-A-001")
        @DisplayName("a class (with parentheses)")
        final class SampleTest {
          @Test
          @Tag("REQ-A-002")
          @Tag(value = "REQ-A-003")
          @Tag("slow")
          void firstCase() {}

          @org.junit.jupiter.api.Tag( "REQ-A-004" )
          @ParameterizedTest(name = "{0} (x)")
          @ValueSource(strings = {"}", "{"})
          <T> java.util.List<T> second_case(String s) throws Exception { return null; }

          @Tags({@Tag("REQ-A-005"), @Tag("REQ-A-006")})
          @Test
          public void third() {}

          @Nested
          class Inner {
            @Tag("REQ-A-007")
            @Test
            void deep() {}
          }

          @Tag("REQ-A-008")
          @Nested
          class Other {}
        }
        """;

    List<TagUse> uses = scanner.scanSource("mod", "mod/src/test/java/p/SampleTest.java", source);

    assertThat(uses).extracting(use -> use.requirementId() + " " + use.test().display() + " :" + use.line())
        .containsExactly(
            "REQ-A-001 mod/SampleTest :6",
            "REQ-A-002 mod/SampleTest#firstCase :10",
            "REQ-A-003 mod/SampleTest#firstCase :11",
            "REQ-A-004 mod/SampleTest#second_case :15",
            "REQ-A-005 mod/SampleTest#third :20",
            "REQ-A-006 mod/SampleTest#third :20",
            "REQ-A-007 mod/SampleTest.Inner#deep :26",
            "REQ-A-008 mod/SampleTest.Other :31");
  }

  @Test
  void ignoresTagsInCommentsStringsAndTextBlocks() {
    String source = """
        class QuietTest {
          // @Tag("REQ-B-001")
          /* @Tag("REQ-B-002") */
          String s = "@Tag(\\"REQ-B-003\\")";
          String t = \"""
              @Tag("REQ-B-004")
              \""";
          @Tag("REQ-B-005") void real() {}
        }
        """;

    List<TagUse> uses = scanner.scanSource("m", "QuietTest.java", source);

    assertThat(uses).extracting(use -> use.requirementId() + " " + use.test().display())
        .containsExactly("REQ-B-005 m/QuietTest#real");
  }

  @Test
  void walksEveryModulesTestSourcesAndSkipsBuildOutput(@TempDir Path root) throws Exception {
    write(root.resolve("core/src/test/java/a/CoreTest.java"), """
        class CoreTest { @Tag("REQ-C-001") @Test void one() {} }
        """);
    write(root.resolve("refs/imap/src/test/java/b/ImapTest.java"), """
        @Tag("REQ-C-002") class ImapTest {}
        """);
    write(root.resolve("core/src/main/java/a/Main.java"), """
        class Main { @Tag("REQ-C-003") void notATest() {} }
        """);
    write(root.resolve("core/pom.xml"), "<project/>");
    write(root.resolve("core/target/generated-test-sources/src/test/java/a/Gen.java"), """
        class Gen { @Tag("REQ-C-004") void generated() {} }
        """);
    write(root.resolve(".hidden/src/test/java/H.java"), """
        class H { @Tag("REQ-C-005") void hidden() {} }
        """);

    List<TagUse> uses = scanner.scan(root);

    assertThat(uses).extracting(use -> use.requirementId() + " " + use.test().display() + " " + use.location())
        .containsExactly(
            "REQ-C-001 core/CoreTest#one core/src/test/java/a/CoreTest.java:1",
            "REQ-C-002 refs/imap/ImapTest refs/imap/src/test/java/b/ImapTest.java:1");
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
