package io.cynodeai.connector.examples.spring;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.spi.JsonResources;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /inbox?limit=N}: invokes {@code ops-mail}'s {@code readInbox} and answers with the normalized
 * response, or with an RFC 9457 problem carrying the failure class. The caller is fixed here; a real
 * application takes it from its authenticated principal.
 */
@RestController
class InboxController {
  private final ConnectorEngine engine;

  InboxController(ConnectorEngine engine) {
    this.engine = engine;
  }

  @GetMapping("/inbox")
  ResponseEntity<?> inbox(@RequestParam(name = "limit", defaultValue = "10") int limit) {
    Outcome outcome = engine.invoke(InvocationRequest.of("ops-mail", "readInbox",
        JsonResources.parse("{\"limit\":" + limit + "}"), OpsMailApplication.OPS));
    if (outcome instanceof Succeeded s) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(s.response().data().toString());
    }
    Failed f = (Failed) outcome;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, f.message());
    problem.setTitle("readInbox failed");
    problem.setProperty("failureClass", f.failureClass().toString());
    return ResponseEntity.of(problem).build();
  }
}
