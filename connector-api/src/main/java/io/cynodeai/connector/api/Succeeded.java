package io.cynodeai.connector.api;

import java.util.Objects;

/** The operation ran and its response passed normalization. */
public record Succeeded(NormalizedResponse response) implements Outcome {
  public Succeeded {
    Objects.requireNonNull(response, "response");
  }
}
