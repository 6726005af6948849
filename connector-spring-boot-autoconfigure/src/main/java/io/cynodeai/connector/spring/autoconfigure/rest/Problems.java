package io.cynodeai.connector.spring.autoconfigure.rest;

import io.cynodeai.connector.api.Failed;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Refusals as RFC 9457 problem details: the type names the failure class, {@code code} the engine's error
 * code, the status follows the failure (403 denied, 404 not found, 409 conflict, 400 invalid, 429 over quota
 * with {@code Retry-After}, 503 transient, 502 permanent). Stateless.
 */
final class Problems {
  private static final String TYPE = "urn:cynodeai:connector:problem:";

  private Problems() {}

  static ResponseEntity<ProblemDetail> of(Failed failed) {
    HttpStatus status = status(failed);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failed.message());
    problem.setType(URI.create(TYPE + failed.failureClass().name().toLowerCase(Locale.ROOT)));
    problem.setTitle(failed.failureClass().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    problem.setProperty("code", failed.code());
    problem.setProperty("retryable", failed.retryable());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
    if (failed.retryAfter() != null) {
      response.header("Retry-After", Long.toString(Math.max(1, failed.retryAfter().toSeconds())));
    }
    return response.body(problem);
  }

  static ResponseEntity<ProblemDetail> of(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE + code));
    problem.setProperty("code", code);
    return ResponseEntity.status(status).body(problem);
  }

  private static HttpStatus status(Failed failed) {
    String code = failed.code();
    if (code.contains("not_found") || code.startsWith("unknown_")) {
      return HttpStatus.NOT_FOUND;
    }
    if (code.contains("conflict")) {
      return HttpStatus.CONFLICT;
    }
    return switch (failed.failureClass()) {
      case POLICY_DENIED -> HttpStatus.FORBIDDEN;
      case VALIDATION_ERROR -> HttpStatus.BAD_REQUEST;
      case QUOTA_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
      case TRANSIENT -> HttpStatus.SERVICE_UNAVAILABLE;
      case PERMANENT -> HttpStatus.BAD_GATEWAY;
    };
  }
}
