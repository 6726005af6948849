package io.cynodeai.connector.reference.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.http.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Turns an HTTP response into the operation's answer or a classified failure (§5.1):
 *
 * <ul>
 *   <li>2xx, and 304 for a conditional GET: {@code {status, headers, body}};
 *   <li>429: rate limited, with the provider's {@code Retry-After};
 *   <li>401: the credentials were rejected (the engine marks the instance {@code credential_expired});
 *   <li>3xx: permanent, since redirects are not followed (the egress guard would have to re-check each hop);
 *   <li>any other status: by the operation's retryable statuses, so 408 and 5xx are transient and other
 *       4xx permanent. 403 is one of those: it refuses one resource, not the instance's credentials.
 * </ul>
 *
 * A JSON body is parsed (invalid JSON is a permanent {@code response_not_json}); a short text body is
 * returned as a string; anything else is refused. Failure messages name the status, method and path only:
 * bodies and header values may carry secrets or personal data.
 */
final class ResponseMapper {
  /** The largest body read: beyond it the call fails rather than buffering without bound. */
  static final int MAX_BODY_BYTES = 1024 * 1024;
  /** The largest non-JSON text body returned as a string. */
  static final int MAX_TEXT_BYTES = 64 * 1024;
  /** The response headers passed on; others may carry session material ({@code set-cookie}) or are noise. */
  static final List<String> ALLOWED_HEADERS = List.of("cache-control", "content-type", "etag", "last-modified",
      "link", "location", "retry-after", "x-request-id");

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ResponseMapper() {}

  /** Throws the classified failure for a status that is not an answer. */
  static void checkStatus(HttpCall call, int status, HttpHeaders headers, Instant now) {
    if (isAnswer(status)) {
      return;
    }
    String what = "HTTP " + status + " from " + call.describe();
    if (status == 429) {
      throw ProviderException.rateLimited(status,
          RetryAfter.parse(headers.firstValue("retry-after").orElse(null), now).orElse(null), what);
    }
    if (status == 401) {
      throw ProviderException.authRejected(status, what + ": the provider rejected the credentials");
    }
    if (status >= 300 && status < 400) {
      throw ProviderException.status(status, what + ": redirects are not followed");
    }
    throw ProviderException.status(status, what);
  }

  /**
   * Reads at most {@link #MAX_BODY_BYTES} of a body.
   *
   * @throws ProviderException {@code response_too_large} if the body is longer
   */
  static byte[] readBody(HttpCall call, int status, InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw ProviderException.permanentFailure("response_too_large", "HTTP " + status + " from "
          + call.describe() + ": the body exceeds " + MAX_BODY_BYTES + " bytes", null);
    }
    return bytes;
  }

  /**
   * The answer {@code {status, headers, body}} for a successful response.
   *
   * @throws ProviderException {@code response_not_json} if the body is neither JSON nor short text
   */
  static HandlerResult toResult(HttpCall call, int status, HttpHeaders headers, byte[] body) {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("status", status);
    ObjectNode passed = answer.putObject("headers");
    for (String name : ALLOWED_HEADERS) {
      List<String> values = headers.allValues(name);
      if (!values.isEmpty()) {
        passed.put(name, String.join(", ", values));
      }
    }
    String contentType = headers.firstValue("content-type").orElse("");
    String mediaType = mediaType(contentType);
    HandlerResult result;
    if (body.length == 0) {
      answer.putNull("body");
      result = HandlerResult.of(answer);
    } else if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      answer.set("body", parseJson(call, status, body));
      result = HandlerResult.of(answer);
    } else if (isText(mediaType) && body.length <= MAX_TEXT_BYTES) {
      answer.put("body", new String(body, charset(contentType)));
      result = HandlerResult.of(answer).withWarning("the body is " + mediaType + ", returned as a JSON string");
    } else {
      throw ProviderException.permanentFailure("response_not_json", "HTTP " + status + " from " + call.describe()
          + ": the body is neither JSON nor text of at most " + MAX_TEXT_BYTES + " bytes", null);
    }
    return result.withProviderStatus(status);
  }

  private static boolean isAnswer(int status) {
    return (status >= 200 && status < 300) || status == 304;
  }

  private static JsonNode parseJson(HttpCall call, int status, byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ProviderException.permanentFailure("response_not_json", "HTTP " + status + " from " + call.describe()
          + ": the body is not valid JSON although its content type says it is", null);
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }

  /** {@code application/json} from {@code Application/JSON; charset=utf-8}. */
  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isText(String mediaType) {
    return mediaType.startsWith("text/") || mediaType.equals("application/xml") || mediaType.endsWith("+xml");
  }

  /** The declared charset, or UTF-8 when there is none or the JVM does not know it. */
  private static Charset charset(String contentType) {
    for (String parameter : contentType.split(";")) {
      String p = parameter.trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").trim());
        } catch (IllegalArgumentException unknown) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
