package io.cynodeai.connector.traceability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build's own consistency: {@code connector-bom} names every module the project publishes (every module
 * that does not skip deployment), at the project's version, so a host importing the BOM can name any of them.
 */
class BomCoverageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  @Test
  void theBomListsEveryPublishedModuleAtTheProjectsVersion() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String version = first(root.substring(root.indexOf("</artifactId>")), "<version>([^<]+)</version>");
    String bom = Files.readString(ROOT.resolve("connector-bom/pom.xml"));
    List<String> published = new ArrayList<>();
    Matcher modules = MODULE.matcher(root);
    while (modules.find()) {
      String pom = Files.readString(ROOT.resolve(modules.group(1)).resolve("pom.xml"));
      if (!modules.group(1).equals("connector-bom") && !pom.contains("<maven.deploy.skip>true")) {
        published.add(first(pom.substring(pom.indexOf("</parent>")), "<artifactId>([^<]+)</artifactId>"));
      }
    }

    assertThat(published).contains("connector-api", "connector-spi", "connector-core");
    for (String artifact : published) {
      assertThat(bom).as(artifact).containsPattern("<artifactId>" + artifact + "</artifactId>\\s*<version>"
          + Pattern.quote(version) + "</version>");
    }
    assertThat(first(bom, "<artifactId>connector-bom</artifactId>\\s*<version>([^<]+)</version>")).isEqualTo(version);
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }
}
