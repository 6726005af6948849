package io.cynodeai.connector.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.spec.SpecFiles;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tools (§19.9), each with input and output schemas and annotations that follow the §9.1 action it
 * maps to ({@code _meta["cynodeai.io/action"]}): reads are {@code readOnlyHint}, writes that can disable or
 * delete are {@code destructiveHint}. Every call runs as the server's caller, so the engine's policy decides.
 * Thread-safe.
 */
final class ConnectorTools {
  private static final String SPEC_INPUT = """
      {"type":"object","additionalProperties":false,"required":["spec"],"properties":{
        "spec":{"type":"string","description":"One ConnectorSpec document or a batch (multi-document YAML or a JSON array), YAML or JSON text"}}}""";
  private static final String NAME_INPUT = """
      {"type":"object","additionalProperties":false,"required":["name"],"properties":{
        "name":{"type":"string","description":"The spec (and instance) name"}}}""";
  private static final String OUTCOME_OUTPUT = """
      {"type":"object","required":["outcome"],"properties":{
        "outcome":{"type":"string","enum":["valid","invalid","diff","applied","deleted","listed","status","checked","rejected","failed","not_found"]},
        "changes":{"type":"array"},"statuses":{"type":"array"},"problems":{"type":"array"},
        "specs":{"type":"array"},"status":{"type":"object"},"failure":{"type":"object"}}}""";
  private static final String INVOKE_INPUT = """
      {"type":"object","additionalProperties":false,"required":["instance","operation"],"properties":{
        "instance":{"type":"string","description":"The connector instance's name (a spec's metadata.name); connector_discover lists the instances you may use"},
        "operation":{"type":"string","description":"The operation to run, one the instance's connector type offers (e.g. readInbox, get); connector_discover lists each type's operations"},
        "input":{"type":"object","description":"The operation's request: a JSON object valid against the operation's request_schema (connector_discover shows it, with examples). Omitted: {}"},
        "mode":{"type":"string","enum":["sync","async"],"description":"async: answer at once with a job_id (see connector_job_get)"},
        "idempotency_key":{"type":"string","description":"Makes a retried call (or submit) return the first outcome (or job)"}}}""";
  private static final String DISCOVER_INPUT = """
      {"type":"object","additionalProperties":false,"properties":{
        "type":{"type":"string","description":"Only this connector type (e.g. http, imap); omitted: every type"}}}""";
  private static final String DISCOVER_OUTPUT = """
      {"type":"object","required":["outcome"],"properties":{
        "outcome":{"type":"string","enum":["discovered","rejected"]},"failure":{"type":"object"},
        "types":{"type":"array","items":{"type":"object","properties":{
          "name":{"type":"string"},"version":{"type":"string"},"description":{"type":"string"},
          "config_schema":{},"operations":{"type":"array"}}}},
        "instances":{"type":"array","items":{"type":"object"}},"next":{"type":"string"}}}""";
  private static final String INVOKE_OUTPUT = """
      {"type":"object","properties":{
        "metadata":{"type":"object"},"data":{},"warnings":{"type":"array"},
        "redactions_applied":{"type":"array"},"truncated":{"type":"boolean"},
        "outcome":{"type":"string"},"failure":{"type":"object"}}}""";

  private final ConnectorEngine engine;
  private final Caller caller;
  private final McpJsonMapper mapper;
  private final JobTools jobs;
  private final RunningCalls running;
  private final Discovery discovery;
  private final InstanceTools lifecycle;

  ConnectorTools(ConnectorEngine engine, Caller caller, McpJsonMapper mapper) {
    this(engine, caller, mapper, new RunningCalls(), new Discovery(Discovery.classPathTypes(), engine, caller));
  }

  ConnectorTools(ConnectorEngine engine, Caller caller, McpJsonMapper mapper, RunningCalls running,
      Discovery discovery) {
    this.discovery = discovery;
    this.lifecycle = new InstanceTools(engine.instances(), InstanceTools.credentialsOf(engine), caller, discovery);
    this.running = running;
    this.engine = engine;
    this.jobs = new JobTools(engine.jobs(), caller);
    this.caller = caller;
    this.mapper = mapper;
  }

  List<SyncToolSpecification> all() {
    return List.of(
        tool("connector_discover", "List connector types (operations, request schemas, examples) and the "
            + "instances you may use: call this first", DISCOVER_INPUT, DISCOVER_OUTPUT, Action.CATALOG_READ, true,
            false, (args, notices) -> governed(() -> ToolResults.result(discovery.discover(optionalText(args,
                "type")), false))),
        tool("connector_catalog_list", "List the connector types this server offers, with their operations",
            "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}", InstanceTools.OUTPUT,
            Action.CATALOG_READ, true, false, (args, notices) -> governed(lifecycle::catalog)),
        tool("connector_instance_install", "Install a connector instance (status provisioning; enable it next). "
            + "Prefer connector_spec_apply for instances you want kept as declared", InstanceTools.INSTALL_INPUT,
            InstanceTools.OUTPUT, Action.INSTANCE_MANAGE, false, false, (args, notices) -> lifecycle.install(
                text(args, "name"), text(args, "type"), args)),
        tool("connector_instance_enable", "Enable a connector instance: validates its config and health-checks it",
            InstanceTools.NAME_INPUT, InstanceTools.OUTPUT, Action.INSTANCE_MANAGE, false, false,
            (args, notices) -> lifecycle.enable(text(args, "name"))),
        tool("connector_instance_disable", "Disable a connector instance: it stops accepting calls",
            InstanceTools.NAME_INPUT, InstanceTools.OUTPUT, Action.INSTANCE_MANAGE, false, true,
            (args, notices) -> lifecycle.disable(text(args, "name"))),
        tool("connector_instance_uninstall", "Uninstall a connector instance: disabled and soft-deleted",
            InstanceTools.NAME_INPUT, InstanceTools.OUTPUT, Action.INSTANCE_MANAGE, false, true,
            (args, notices) -> lifecycle.uninstall(text(args, "name"))),
        tool("connector_credential_rotate", "Tell the engine a connector instance's secret was rotated at its "
            + "source: its open leases end and its health is checked with the new secret", InstanceTools.NAME_INPUT,
            InstanceTools.OUTPUT, Action.CREDENTIAL_MANAGE, false, false,
            (args, notices) -> lifecycle.rotated(text(args, "name"))),
        tool("connector_credential_revoke", "Tell the engine a connector instance's secret must not be used any "
            + "more: its open leases end and it stops accepting calls until a rotation", InstanceTools.NAME_INPUT,
            InstanceTools.OUTPUT, Action.CREDENTIAL_MANAGE, false, true,
            (args, notices) -> lifecycle.revoked(text(args, "name"))),
        tool("connector_spec_validate", "Validate connector specs without changing anything", SPEC_INPUT,
            Action.OPERATION_READ, true, false, (args, notices) -> validate(text(args, "spec"))),
        tool("connector_spec_diff", "Show what applying connector specs would change", SPEC_INPUT,
            Action.OPERATION_READ, true, false, (args, notices) -> ToolResults.outcome(
                engine.specs().diff(SpecSource.of(text(args, "spec")), caller), "diff")),
        tool("connector_spec_apply", "Create or update connectors to match specs (all or nothing)", SPEC_INPUT,
            Action.INSTANCE_MANAGE, false, true, (args, notices) -> ToolResults.outcome(
                engine.specs().apply(SpecSource.of(text(args, "spec")), caller, (done, total) -> notices.progress(
                    done, (double) total, "applied " + done + " of " + total + " spec(s)")), "applied")),
        tool("connector_spec_list", "List the applied connector specs",
            "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}",
            Action.OPERATION_READ, true, false, (args, notices) -> list()),
        tool("connector_spec_delete", "Delete a connector spec: its instance is disabled and soft-deleted",
            NAME_INPUT, Action.INSTANCE_MANAGE, false, true, (args, notices) -> ToolResults.outcome(
                engine.specs().delete(text(args, "name"), caller), "deleted")),
        tool("connector_instance_status_get", "Get the status of a connector instance", NAME_INPUT,
            Action.OPERATION_READ, true, false, (args, notices) -> status(text(args, "name"))),
        tool("connector_instance_check", "Run a connector instance's health check now: active again if it passes",
            NAME_INPUT, Action.INSTANCE_MANAGE, false, false, (args, notices) -> check(text(args, "name"))),
        invokeTool(),
        tool("connector_job_get", "Get an async job: its state, attempts and, once finished, its result "
            + "(wait_seconds waits for it to finish)", JobTools.GET_INPUT, JobTools.JOB_OUTPUT,
            Action.OPERATION_READ, true, false, (args, notices) -> jobResult(args.get("wait_seconds") == null
                ? jobs.get(text(args, "job_id")) : jobs.await(text(args, "job_id"), waitSeconds(args), notices))),
        tool("connector_job_cancel", "Cancel an async job: a pending one at once, a running one cooperatively",
            JobTools.JOB_INPUT, JobTools.JOB_OUTPUT, Action.OPERATION_INVOKE, false, true,
            (args, notices) -> jobResult(jobs.cancel(text(args, "job_id")))));
  }

  /** {@code read}, if the engine lets the caller read its catalog (asked and audited once), else its refusal. */
  private CallToolResult governed(java.util.function.Supplier<CallToolResult> read) {
    io.cynodeai.connector.api.Failed refusal = discovery.refusal();
    return refusal != null ? ToolResults.rejected(refusal) : read.get();
  }

  private static CallToolResult jobResult(Map<String, Object> body) {
    return ToolResults.result(body, body.get("outcome").equals("not_found") || body.get("outcome").equals("failed"));
  }

  private SyncToolSpecification tool(String name, String title, String input, Action action, boolean readOnly,
      boolean destructive, Handler handler) {
    return tool(name, title, input, OUTCOME_OUTPUT, action, readOnly, destructive, handler);
  }

  private SyncToolSpecification tool(String name, String title, String input, String output, Action action,
      boolean readOnly, boolean destructive, Handler handler) {
    return spec(name, title, input, output, action,
        new ToolAnnotations(title, readOnly, destructive, true, false, null), handler);
  }

  private SyncToolSpecification invokeTool() {
    // An operation may change the outside world, and calling it twice may do so twice.
    return spec("connector_op_invoke", "Invoke an operation of a connector instance", INVOKE_INPUT, INVOKE_OUTPUT,
        Action.OPERATION_INVOKE, new ToolAnnotations("Invoke a connector operation", false, true, false, true,
            null), this::invoke);
  }

  private SyncToolSpecification spec(String name, String title, String input, String output, Action action,
      ToolAnnotations annotations, Handler handler) {
    if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("tool name '" + name + "' is not one every MCP client accepts");
    }
    Tool tool = Tool.builder().name(name).title(title).description(title + " (action " + action.wireName() + ")")
        .inputSchema(mapper, input).outputSchema(mapper, output).annotations(annotations)
        .meta(Map.of("cynodeai.io/action", action.wireName())).build();
    java.util.Set<String> known = new java.util.TreeSet<>();
    io.cynodeai.connector.spi.JsonResources.parse(input).path("properties").fieldNames().forEachRemaining(known::add);
    return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
      ClientNotices notices = new ClientNotices(exchange, request);
      Object requestId = request.meta() == null ? null : request.meta().get(RunningCalls.REQUEST_ID);
      CallToolResult result = running.run(requestId, () -> call(name, known, handler, request, notices));
      notices.log(Boolean.TRUE.equals(result.isError()) ? LoggingLevel.WARNING : LoggingLevel.INFO,
          ToolResults.summary(name, result));
      return result;
    }).build();
  }

  private static CallToolResult call(String name, java.util.Set<String> known, Handler handler,
      CallToolRequest request, ClientNotices notices) {
    Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
    for (String key : args.keySet()) {
      if (!known.contains(key)) { // the schemas say additionalProperties: false, and the server holds to it
        return ToolResults.badArguments("unknown argument '" + key + "'; " + name + " takes "
            + (known.isEmpty() ? "no arguments" : String.join(", ", known)));
      }
    }
    try {
      return handler.apply(args, notices);
    } catch (IllegalArgumentException e) {
      return ToolResults.badArguments(e.getMessage());
    }
  }

  /** A tool's body: the call's arguments (only declared ones) and what it may tell the client. */
  @FunctionalInterface
  private interface Handler {
    CallToolResult apply(Map<String, Object> args, ClientNotices notices);
  }

  private CallToolResult validate(String text) {
    SpecValidation v = engine.specs().validate(SpecSource.of(text));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", v.valid() ? "valid" : "invalid");
    body.put("specs", v.specs().stream().map(s -> s.name()).toList());
    body.put("problems", ToolResults.JSON.convertValue(v.problems(), List.class));
    return ToolResults.result(body, !v.valid());
  }

  private CallToolResult list() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", "listed");
    body.put("specs", engine.specs().list(caller).stream()
        .map(s -> ToolResults.toMap(io.cynodeai.connector.spi.JsonResources.parse(SpecFiles.toJson(s)))).toList());
    return ToolResults.result(body, false);
  }

  private CallToolResult status(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    return engine.specs().status(name, caller).map(s -> {
      body.put("outcome", "status");
      body.put("status", ToolResults.toMap(s));
      return ToolResults.result(body, false);
    }).orElseGet(() -> {
      body.put("outcome", "not_found");
      return ToolResults.result(body, true);
    });
  }

  /**
   * The instance's health check, run now: {@code checked} with the instance's status afterwards (an error
   * result when the check failed), {@code rejected} with the failure when it could not run.
   */
  private CallToolResult check(String name) {
    LifecycleOutcome out = engine.instances().check(name, caller);
    if (out instanceof LifecycleOutcome.Refused r) {
      return ToolResults.rejected(r.failure());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    ConnectorInstance instance = ((LifecycleOutcome.Applied) out).instance();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", instance.id());
    status.put("status", instance.status().wireName());
    status.put("health_checked_at", String.valueOf(instance.healthCheckedAt()));
    if (instance.lastError() != null) {
      status.put("last_error", ToolResults.toMap(instance.lastError()));
    }
    body.put("outcome", "checked");
    body.put("status", status);
    return ToolResults.result(body, instance.status() != InstanceStatus.ACTIVE);
  }

  private CallToolResult invoke(Map<String, Object> args, ClientNotices notices) {
    Object rawInput = args.getOrDefault("input", Map.of());
    JsonNode input = ToolResults.JSON.valueToTree(rawInput);
    InvocationRequest request = InvocationRequest.of(text(args, "instance"), text(args, "operation"), input,
        caller).withIdempotencyKey(optionalText(args, "idempotency_key"));
    String mode = optionalText(args, "mode");
    if (mode != null && !mode.equals("sync") && !mode.equals("async")) {
      throw new IllegalArgumentException("argument 'mode' must be sync or async");
    }
    InvocationRequest effective = "async".equals(mode) ? request.withMode(ExecutionMode.ASYNC) : request;
    Outcome out = notices.whileRunning(2_000, request.instanceId() + "/" + request.operation(),
        () -> engine.invoke(effective));
    if (out instanceof Succeeded s) {
      return ToolResults.result(ToolResults.toMap(s.response()), false);
    }
    return ToolResults.failed((Failed) out);
  }

  private static int waitSeconds(Map<String, Object> args) {
    if (!(args.get("wait_seconds") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.intValue() < 0 || n.intValue() > 300) {
      throw new IllegalArgumentException("argument 'wait_seconds' must be an integer from 0 to 300");
    }
    return n.intValue();
  }

  private static @Nullable String optionalText(Map<String, Object> args, String key) {
    return args.get(key) == null ? null : text(args, key);
  }

  private static String text(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("argument '" + key + "' must be a string");
    }
    return s;
  }
}
