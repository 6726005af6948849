package io.cynodeai.connector.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns engine values into tool results: the structured content is the value as JSON (the normalized envelope
 * for invocations, the outcome for specs), mirrored as text for clients without structured output. Refusals
 * and failures are results with {@code isError: true}, never protocol errors. Stateless.
 */
final class ToolResults {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ToolResults() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(Object value) {
    return JSON.convertValue(value, Map.class);
  }

  /** A refusal, as every tool reports one: {@code outcome: rejected} and the failure, an error result. */
  static CallToolResult rejected(io.cynodeai.connector.api.Failed failure) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("outcome", "rejected");
    body.put("failure", toMap(failure));
    return result(body, true);
  }

  static CallToolResult result(Map<String, Object> body, boolean error) {
    try {
      return CallToolResult.builder().structuredContent(body).addTextContent(JSON.writeValueAsString(body))
          .isError(error).build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static CallToolResult outcome(SpecOutcome outcome, String okName) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (outcome instanceof SpecOutcome.Refused r) {
      body.put("outcome", "rejected");
      body.put("failure", toMap(r.failure()));
      body.put("problems", JSON.convertValue(r.problems(), java.util.List.class));
      return result(body, true);
    }
    SpecOutcome.Applied a = (SpecOutcome.Applied) outcome;
    body.put("outcome", okName);
    body.put("changes", a.changes().stream().map(c -> {
      Map<String, Object> m = toMap(c);
      m.put("summary", c.render());
      return m;
    }).toList());
    body.put("statuses", JSON.convertValue(a.statuses(), java.util.List.class));
    return result(body, false);
  }

  static CallToolResult failed(Failed failure) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", "failed");
    body.put("failure", toMap(failure));
    return result(body, true);
  }

  static CallToolResult badArguments(String message) {
    return failed(Failed.of(io.cynodeai.connector.api.FailureClass.VALIDATION_ERROR, "invalid_arguments",
        message));
  }

  /** One line for the client's log: the tool, its outcome and, for a failure, its code; never inputs. */
  static String summary(String tool, CallToolResult result) {
    Object body = result.structuredContent();
    if (!(body instanceof Map<?, ?> map)) {
      return tool + ": done";
    }
    Object failure = map.get("failure");
    String code = failure instanceof Map<?, ?> f && f.get("code") != null ? " (" + f.get("code") + ")" : "";
    Object outcome = map.get("outcome");
    return tool + ": " + (outcome != null ? outcome : Boolean.TRUE.equals(result.isError()) ? "failed" : "succeeded")
        + code;
  }
}
