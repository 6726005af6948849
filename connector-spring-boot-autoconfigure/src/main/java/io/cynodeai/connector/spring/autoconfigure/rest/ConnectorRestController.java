package io.cynodeai.connector.spring.autoconfigure.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The REST management surface under {@code connector.rest.path} (default {@code /connector-api}), described by
 * {@code GET {path}/openapi.yaml}: instances, specs validate/diff/apply, invoke, jobs. Every call acts as the
 * authenticated principal ({@link ConnectorCallerResolver}); the engine authorizes it with its policy and
 * tenancy rules as any caller, so the application's Spring Security decides who is authenticated and the
 * engine what they may do. Without an authentication the answer is 401; a refusal is an RFC 9457 problem.
 * Thread-safe.
 */
@Controller
@ResponseBody
@RequestMapping("${connector.rest.path:/connector-api}")
public final class ConnectorRestController {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final ConnectorEngine engine;
  private final ConnectorCallerResolver callers;

  public ConnectorRestController(ConnectorEngine engine, ConnectorCallerResolver callers) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.callers = Objects.requireNonNull(callers, "callers");
  }

  @GetMapping("/instances")
  public ResponseEntity<?> instances(@Nullable Authentication authentication) {
    return as(authentication, caller -> json(engine.instances().list(caller)));
  }

  @GetMapping("/instances/{id}")
  public ResponseEntity<?> instance(@PathVariable("id") String id, @Nullable Authentication authentication) {
    return as(authentication, caller -> engine.instances().get(id, caller).<ResponseEntity<?>>map(this::json)
        .orElseGet(() -> Problems.of(HttpStatus.NOT_FOUND, "not_found", "no instance '" + id + "'")));
  }

  @PostMapping(path = "/specs/validate", consumes = MediaType.ALL_VALUE)
  public ResponseEntity<?> validate(@RequestBody String spec, @Nullable Authentication authentication) {
    return as(authentication, caller -> {
      SpecValidation validation = engine.specs().validate(SpecSource.of(spec));
      return validation.problems().isEmpty() ? json(validation)
          : ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_JSON).body(write(validation));
    });
  }

  @PostMapping(path = "/specs/diff", consumes = MediaType.ALL_VALUE)
  public ResponseEntity<?> diff(@RequestBody String spec, @Nullable Authentication authentication) {
    return as(authentication, caller -> spec(engine.specs().diff(SpecSource.of(spec), caller)));
  }

  @PostMapping(path = "/specs/apply", consumes = MediaType.ALL_VALUE)
  public ResponseEntity<?> apply(@RequestBody String spec, @Nullable Authentication authentication) {
    return as(authentication, caller -> spec(engine.specs().apply(SpecSource.of(spec), caller)));
  }

  @PostMapping(path = "/instances/{id}/operations/{operation}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> invoke(@PathVariable("id") String id, @PathVariable("operation") String operation,
      @RequestBody String input, @RequestHeader(name = "traceparent", required = false) @Nullable String traceparent,
      @RequestHeader(name = "tracestate", required = false) @Nullable String tracestate,
      @Nullable Authentication authentication) {
    return as(authentication, caller -> {
      // the caller's W3C trace context, when it sent one, is the parent of the invocation's trace
      Outcome outcome = engine.invoke(InvocationRequest.of(id, operation, JsonResources.parse(input), caller)
          .withTraceparent(traceparent, tracestate));
      return outcome instanceof Succeeded s ? json(s.response()) : Problems.of((Failed) outcome);
    });
  }

  @GetMapping("/jobs/{id}")
  public ResponseEntity<?> job(@PathVariable("id") String id, @Nullable Authentication authentication) {
    return as(authentication, caller -> {
      JobService.Lookup lookup = engine.jobs().get(id, caller);
      if (lookup instanceof JobService.Lookup.Unavailable unavailable) {
        return Problems.of(unavailable.failure()); // 503: the job store could not answer
      }
      return lookup.found().<ResponseEntity<?>>map(this::json)
          .orElseGet(() -> Problems.of(HttpStatus.NOT_FOUND, "not_found", "no job '" + id + "'"));
    });
  }

  @GetMapping(path = "/openapi.yaml", produces = "application/yaml")
  public ResponseEntity<String> openApi() throws IOException {
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("openapi.yaml"), "openapi.yaml")) {
      return ResponseEntity.ok(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private ResponseEntity<?> as(@Nullable Authentication authentication,
      Function<Caller, ResponseEntity<?>> action) {
    if (authentication == null || !authentication.isAuthenticated()) {
      return Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "authentication required");
    }
    return action.apply(callers.resolve(authentication));
  }

  private ResponseEntity<?> spec(SpecOutcome outcome) {
    if (outcome instanceof SpecOutcome.Refused r) {
      ResponseEntity<ProblemDetail> problem = Problems.of(r.failure());
      Objects.requireNonNull(problem.getBody())
          .setProperty("problems", r.problems().stream().map(Object::toString).toList());
      return problem;
    }
    return json(outcome);
  }

  private ResponseEntity<?> json(Object value) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(write(value));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
