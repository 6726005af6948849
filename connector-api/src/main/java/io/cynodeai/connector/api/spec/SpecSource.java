package io.cynodeai.connector.api.spec;

import java.util.Objects;

/**
 * Submitted spec text: one YAML or JSON document, or a multi-document YAML stream (a batch).
 *
 * @param origin where the text came from (a file name, {@code api}, ...), used in messages only
 * @param content the text
 */
public record SpecSource(String origin, String content) {
  public SpecSource {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(content, "content");
  }

  public static SpecSource of(String content) {
    return new SpecSource("api", content);
  }
}
