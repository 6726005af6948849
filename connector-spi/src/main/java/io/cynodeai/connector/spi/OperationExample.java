package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A documented request and the response it produces. The testkit checks that both validate against the
 * operation's schemas and uses them as contract tests.
 */
public record OperationExample(String name, JsonNode request, JsonNode response) {
  public OperationExample {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
  }
}
