package io.cynodeai.connector.core.internal.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/** The request a job stores (input, caller, request ids, the caller's trace context) and the invocation a worker rebuilds from it. */
final class JobRequests {
  private JobRequests() {}

  static JsonNode write(InvocationRequest request) {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.set("input", request.input());
    doc.put("user_id", request.caller().userId());
    request.caller().groupIds().forEach(doc.withArray("group_ids")::add);
    doc.put("project_id", request.caller().projectId());
    doc.put("request_id", request.requestId());
    doc.put("correlation_id", request.correlationId());
    TraceContext trace = request.traceContext();
    if (trace != null) { // the submitter's trace, for the job's runs on whichever node claims it
      doc.put("traceparent", trace.traceparent());
      if (trace.state() != null) {
        doc.put("tracestate", trace.state());
      }
    }
    return doc;
  }

  /** The invocation a worker runs: async mode, no idempotency key (the job itself is the deduplicated unit). */
  static InvocationRequest read(Job job) {
    JsonNode doc = job.request();
    List<String> groups = new ArrayList<>();
    doc.path("group_ids").forEach(g -> groups.add(g.asText()));
    JsonNode project = doc.path("project_id");
    Caller caller = new Caller(doc.path("user_id").asText(), groups, project.isTextual() ? project.asText() : null);
    JsonNode state = doc.path("tracestate");
    TraceContext trace = TraceContext.parse(doc.path("traceparent").textValue(),
        state.isTextual() ? state.asText() : null).orElse(null);
    return new InvocationRequest(job.instanceId(), job.operation(), doc.path("input"), null, caller,
        doc.path("request_id").asText(), doc.path("correlation_id").asText(), ExecutionMode.ASYNC, trace);
  }
}
