package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.FailureClass;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The connector's failure mapping as a table the certification replays (§5.1, §15): each row is a provider
 * answer and the failure the connector must turn it into. The kit runs a stub HTTP provider on loopback that
 * gives the row's answer to every request, points the instance at it with the function given to {@link
 * #pointing}, opens egress to loopback for it, and runs each operation's first example (on every path it
 * offers); the outcome must be {@code Failed} with the expected class and code, and, when the answer carries
 * {@code Retry-After}, with that delay. Not thread-safe while being built.
 *
 * <pre>{@code
 * ProviderAnswers.pointing((config, base) -> ((ObjectNode) config).put("baseUrl", base.toString()))
 *     .expect(ProviderAnswer.status(401), FailureClass.PERMANENT, "credentials_rejected")
 *     .expect(ProviderAnswer.status(429).retryAfterSeconds(7), FailureClass.QUOTA_EXCEEDED, "provider_rate_limited")
 * }</pre>
 */
public final class ProviderAnswers {
  private final BiFunction<JsonNode, URI, JsonNode> pointing;
  private final List<Row> rows = new ArrayList<>();

  private ProviderAnswers(BiFunction<JsonNode, URI, JsonNode> pointing) {
    this.pointing = pointing;
  }

  /**
   * A table whose instance config is {@code pointing.apply(copyOfTheCertificationConfig, stubBaseUri)}: the
   * config that makes the connector call the stub ({@code http://127.0.0.1:<port>}, every path answered).
   */
  public static ProviderAnswers pointing(BiFunction<JsonNode, URI, JsonNode> pointing) {
    return new ProviderAnswers(Objects.requireNonNull(pointing, "pointing"));
  }

  /** Adds a row: when the provider gives {@code answer}, the call fails with this class and code. */
  public ProviderAnswers expect(ProviderAnswer answer, FailureClass failureClass, String code) {
    rows.add(new Row(Objects.requireNonNull(answer, "answer"), Objects.requireNonNull(failureClass, "failureClass"),
        Objects.requireNonNull(code, "code")));
    return this;
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  JsonNode configFor(JsonNode config, URI base) {
    return Objects.requireNonNull(pointing.apply(config.deepCopy(), base), "the pointing function returned null");
  }

  /** One row of the table. */
  record Row(ProviderAnswer answer, FailureClass failureClass, String code) {
    String expected() {
      return "Failed " + failureClass.name() + " " + code + (answer.retryAfter() == null ? ""
          : " retrying after " + answer.retryAfter().toSeconds() + " s");
    }
  }
}
