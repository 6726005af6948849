package io.cynodeai.connector.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.HandlerResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Scrubbing invariants over random secrets and random JSON answers that place the secret (as is,
 * percent-encoded in either hex case or form-encoded, or as the Base64 of {@code user:secret} in any alphabet,
 * padded or not, for a leased user or an unknown one) in values, object keys, warnings and error messages: no
 * form survives in the output, and no value is lost. Answers without a secret come back as the same instance.
 * A failure prints the secret, the user and the seed; rerun with that seed to reproduce.
 */
class ResultScrubberProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Text around the secrets: a small alphabet, so the filler never spells a secret by chance. */
  private static final String FILLER = "abcde ";

  @Property(tries = 300)
  @Tag("REQ-CRED-005")
  void noFormOfTheSecretSurvivesInValuesKeysWarningsOrMessages(@ForAll("secrets") String secret,
      @ForAll("users") String user, @ForAll Random random) {
    List<String> forms = forms(user, secret);
    JsonNode doc = document(random, forms, 3);
    List<String> warnings = List.of(embed(random, pick(random, forms)), filler(random),
        embed(random, pick(random, forms)));
    HandlerResult result = HandlerResult.of(doc);
    for (String warning : warnings) {
      result = result.withWarning(warning);
    }
    try (CredentialVault.Scope scope = scope(user, secret)) {
      HandlerResult out = ResultScrubber.scrub(result, scope);
      String message = scope.scrub(embed(random, pick(random, forms)) + " and " + pick(random, forms));

      for (String form : forms) {
        assertThat(strings(out.json())).as("data, form %s", form).noneMatch(text -> text.contains(form));
        assertThat(out.warnings()).as("warnings, form %s", form).noneMatch(w -> w.contains(form));
        assertThat(message).as("message, form %s", form).doesNotContain(form);
      }
      assertThat(leaves(out.json())).as("no value is lost").isEqualTo(leaves(doc));
      assertThat(out.warnings()).hasSize(warnings.size() + 1)
          .endsWith("a credential of the instance was removed from the response");
    }
  }

  @Property(tries = 200)
  @Tag("REQ-CRED-005")
  void aRawJsonAnswerIsScrubbedLikeItsTree(@ForAll("secrets") String secret, @ForAll("users") String user,
      @ForAll Random random) {
    List<String> forms = forms(user, secret);
    JsonNode doc = document(random, forms, 2);
    try (CredentialVault.Scope scope = scope(user, secret)) {
      HandlerResult out = ResultScrubber.scrub(HandlerResult.ofRawJson(doc.toString()), scope);

      assertThat(out.json()).isNotNull();
      for (String form : forms) {
        assertThat(strings(out.json())).as("form %s", form).noneMatch(text -> text.contains(form));
      }
    }
  }

  @Property(tries = 200)
  void anAnswerWithoutTheSecretIsReturnedAsTheSameInstance(@ForAll("unlikeFiller") String secret,
      @ForAll("users") String user, @ForAll Random random) {
    JsonNode doc = document(random, List.of(), 3);
    HandlerResult result = HandlerResult.of(doc).withProviderStatus(200).withWarning(filler(random));
    try (CredentialVault.Scope scope = scope(user, secret)) {
      assertThat(ResultScrubber.scrub(result, scope)).isSameAs(result);
    }
  }

  @Provide
  Arbitrary<String> secrets() {
    Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().alpha().numeric(),
        Arbitraries.of(' ', '+', '/', '=', '&', '%', ':', '@', '?', '#', '"', '\\', '~', '*', 'é', 'ß', '€', '中'));
    return chars.list().ofMinSize(8).ofMaxSize(40).map(ResultScrubberProperties::join);
  }

  @Provide
  Arbitrary<String> unlikeFiller() {
    return secrets().filter(s -> s.chars().anyMatch(c -> FILLER.indexOf(c) < 0));
  }

  @Provide
  Arbitrary<String> users() {
    return Arbitraries.chars().alpha().numeric().with('-', '.', '_', '@').list().ofMinSize(4).ofMaxSize(20)
        .map(ResultScrubberProperties::join);
  }

  private static String join(List<Character> chars) {
    StringBuilder out = new StringBuilder(chars.size());
    chars.forEach(out::append);
    return out.toString();
  }

  private static CredentialVault.Scope scope(String user, String secret) {
    Map<String, String> env = Map.of("USER_NAME", user, "SECRET", secret);
    CredentialVault.Scope scope = CredentialVault.of(SecretProviders.environment(env::get))
        .open(Map.of("user", SecretRef.parse("env:USER_NAME"), "secret", SecretRef.parse("env:SECRET")));
    scope.lease().orElseThrow();
    return scope;
  }

  /** The forms a provider echoes a secret in. */
  static List<String> forms(String user, String secret) {
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(form);
    forms.add(rfc3986(secret, false));
    forms.add(rfc3986(secret, true));
    for (String prefix : List.of(user + ":", "someone-else:", "x:")) {
      byte[] pair = (prefix + secret).getBytes(StandardCharsets.UTF_8);
      forms.add(Base64.getEncoder().encodeToString(pair));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(pair));
      forms.add(Base64.getUrlEncoder().encodeToString(pair));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(pair));
    }
    return forms;
  }

  /** Every byte but the unreserved characters percent-encoded, hex digits in the given case. */
  private static String rfc3986(String text, boolean lower) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        String hex = HexFormat.of().toHexDigits(b);
        out.append('%').append(lower ? hex : hex.toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  /** A random object of at most {@code depth} levels; strings and keys quote one of {@code forms} at times. */
  private static JsonNode document(Random random, List<String> forms, int depth) {
    ObjectNode root = NODES.objectNode();
    int fields = 1 + random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      root.set(key(random, forms), value(random, forms, depth - 1));
    }
    return root;
  }

  private static JsonNode value(Random random, List<String> forms, int depth) {
    int kind = random.nextInt(depth > 0 ? 6 : 4);
    return switch (kind) {
      case 0 -> NODES.numberNode(random.nextInt());
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2, 3 -> NODES.textNode(text(random, forms));
      case 4 -> document(random, forms, depth);
      default -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(value(random, forms, depth - 1));
        }
        yield array;
      }
    };
  }

  private static String key(Random random, List<String> forms) {
    return text(random, forms) + random.nextInt(1000); // a suffix keeps filler keys from colliding by chance
  }

  private static String text(Random random, List<String> forms) {
    return forms.isEmpty() || random.nextInt(3) > 0 ? filler(random) : embed(random, pick(random, forms));
  }

  private static String embed(Random random, String form) {
    return filler(random) + form + (random.nextBoolean() ? form : "") + filler(random);
  }

  private static String pick(Random random, List<String> forms) {
    return forms.get(random.nextInt(forms.size()));
  }

  private static String filler(Random random) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      out.append(FILLER.charAt(random.nextInt(FILLER.length())));
    }
    return out.toString();
  }

  /** The keys and string values of a tree. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    }
    node.fieldNames().forEachRemaining(out::add);
    for (JsonNode child : node) {
      out.addAll(strings(child));
    }
    return out;
  }

  /** How many scalar values the tree holds. */
  private static int leaves(JsonNode node) {
    if (!node.isContainerNode()) {
      return 1;
    }
    int count = 0;
    for (JsonNode child : node) {
      count += leaves(child);
    }
    return count;
  }
}
