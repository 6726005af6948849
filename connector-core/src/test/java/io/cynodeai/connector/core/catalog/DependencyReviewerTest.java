package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.catalog.DependencyReview.Item;
import io.cynodeai.connector.core.catalog.DependencyReview.Kind;
import io.cynodeai.connector.core.catalog.DependencyReview.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dependency review (REQ-GOV-007) of real JARs carrying Maven metadata. */
@Tag("REQ-GOV-007")
class DependencyReviewerTest {
  private static final DependencyPolicy POLICY = DependencyPolicy.empty()
      .allow("com.squareup.okhttp3:okhttp")
      .allow("com.fasterxml.*")
      .allow("org.apache.logging.log4j:*")
      .deny("org.apache.logging.log4j:log4j-core", "[2.0,2.17.1)", "CVE-2021-44228 and follow-ups")
      .deny("commons-collections:commons-collections", "[3.0,3.2.2)", "CVE-2015-7501")
      .ownPackages("com.acme.crm");
  @TempDir Path dir;

  private DependencyReview review(TestJars jar, DependencyPolicy policy) throws IOException {
    return DependencyReviewer.review(jar.write(dir.resolve("bundle.jar")), policy);
  }

  private static TestJars bundle() {
    return new TestJars().classFile("com/acme/crm/CrmProvider.class");
  }

  @Test
  void allowlistedDependenciesAreApproved() throws Exception {
    DependencyReview review = review(bundle().pom("com.squareup.okhttp3", "okhttp", "4.12.0")
        .pom("com.fasterxml.jackson.core", "jackson-databind", "2.20.1")
        .classFile("okhttp3/OkHttpClient.class").classFile("com/fasterxml/jackson/databind/ObjectMapper.class"),
        POLICY.requireKnown(true));
    assertThat(review.items()).extracting(Item::subject, Item::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("com.squareup.okhttp3:okhttp:4.12.0", Status.APPROVED),
        org.assertj.core.groups.Tuple.tuple("com.fasterxml.jackson.core:jackson-databind:2.20.1", Status.APPROVED),
        org.assertj.core.groups.Tuple.tuple("okhttp3", Status.UNKNOWN));
    assertThat(review.items().get(0).reason()).isEqualTo("allowed by com.squareup.okhttp3:okhttp");
    assertThat(review.items().get(2).kind()).isEqualTo(Kind.UNIDENTIFIED_CLASSES);
    assertThat(review.passed()).isFalse();
    assertThat(review(bundle().pom("com.squareup.okhttp3", "okhttp", "4.12.0"), POLICY.requireKnown(true))
        .passed()).isTrue();
  }

  @Test
  void aDenylistedVersionInsideTheRangeIsDeniedAndOneOutsideIsNot() throws Exception {
    DependencyReview vulnerable = review(bundle().pom("org.apache.logging.log4j", "log4j-core", "2.14.1"), POLICY);
    assertThat(vulnerable.passed()).isFalse();
    assertThat(vulnerable.withStatus(Status.DENIED)).singleElement().satisfies(i -> {
      assertThat(i.subject()).isEqualTo("org.apache.logging.log4j:log4j-core:2.14.1");
      assertThat(i.reason()).contains("[2.0,2.17.1)").contains("CVE-2021-44228");
    });
    DependencyReview fixed = review(bundle().pom("org.apache.logging.log4j", "log4j-core", "2.17.1"), POLICY);
    assertThat(fixed.passed()).isTrue();
    assertThat(fixed.items()).singleElement().extracting(Item::status).isEqualTo(Status.APPROVED);
    DependencyReview old = review(bundle().pom("org.apache.logging.log4j", "log4j-core", "1.2.17"), POLICY);
    assertThat(old.withStatus(Status.DENIED)).isEmpty();
  }

  @Test
  void uncoveredDependenciesAndClassRootsAreUnknownAndFailOnlyWhenThePolicyRequiresIt() throws Exception {
    TestJars jar = bundle().pom("org.yaml", "snakeyaml", "2.2").classFile("org/yaml/snakeyaml/Yaml.class")
        .classFile("net/evil/Backdoor.class").classFile("net/evil/more/Helper.class");
    DependencyReview lenient = review(jar, POLICY);
    assertThat(lenient.withStatus(Status.UNKNOWN)).extracting(Item::subject, Item::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("org.yaml:snakeyaml:2.2", Kind.DECLARED),
        org.assertj.core.groups.Tuple.tuple("net.evil", Kind.UNIDENTIFIED_CLASSES));
    assertThat(lenient.withStatus(Status.UNKNOWN).get(1).reason()).startsWith("2 class(es) under 'net.evil'");
    assertThat(lenient.passed()).isTrue();
    assertThat(review(jar, POLICY.requireKnown(true)).passed()).isFalse();
  }

  @Test
  void anUnreadableBundleFailsTheReview() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("x.jar"), "nope");
    DependencyReview review = DependencyReviewer.review(notAJar, POLICY);
    assertThat(review.passed()).isFalse();
    assertThat(review.items()).singleElement().extracting(Item::kind).isEqualTo(Kind.UNREADABLE);
  }

  @Test
  void malformedRulesAreRefused() {
    assertThatThrownBy(() -> POLICY.allow("okhttp")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.allow("*:okhttp")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.deny("com.acme.*", "evil")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.deny("a:b", "[2.0,1.0)", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
