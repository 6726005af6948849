package io.cynodeai.connector.mcp.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The async job tools of the MCP server jar, driven by the MCP Java SDK's client over stdio. The server runs
 * with the test classes on its class path, so it discovers {@link TestJobsProvider}'s async operations.
 */
@Tag("REQ-DECL-019")
@Tag("REQ-EXEC-007")
class ConnectorMcpJobToolsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private McpSyncClient client;

  @BeforeEach
  void start() {
    String classPath = Path.of("target", "connector-mcp-server.jar").toAbsolutePath() + File.pathSeparator
        + Path.of("target", "test-classes").toAbsolutePath();
    ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()).args("-cp", classPath, "io.cynodeai.connector.mcp.server.McpMain", "--user", "agent-7").build();
    client = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON)))
        .requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    call("connector_spec_apply", Map.of("spec", """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: worker, owner: {type: user, id: agent-7}}
        spec: {type: jobs-test, typeVersion: 1, enabled: true, config: {}}
        """), false);
  }

  @AfterEach
  void stop() {
    client.closeGracefully();
  }

  private JsonNode call(String tool, Map<String, Object> args, boolean expectError) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    assertThat(r.isError()).as(tool + " " + r.content()).isEqualTo(expectError);
    return JSON.valueToTree(r.structuredContent());
  }

  private String submit(String operation, Map<String, Object> input, String key) {
    JsonNode envelope = call("connector_op_invoke", Map.of("instance", "worker", "operation", operation,
        "input", input, "mode", "async", "idempotency_key", key), false);
    assertThat(envelope.at("/data/state").asText()).isEqualTo("pending");
    return envelope.at("/data/job_id").asText();
  }

  /** The job once it finished, through the tool's own wait (it watches the job for up to 20 s). */
  private JsonNode awaitFinished(String jobId) {
    return call("connector_job_get", Map.of("job_id", jobId, "wait_seconds", 20), false).get("job");
  }

  /** A job state before it finishes: the tool's wait ends only at a final state, so this polls with a deadline. */
  private JsonNode awaitState(String jobId, String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode job = call("connector_job_get", Map.of("job_id", jobId), false).get("job");
    while (!job.get("state").asText().equals(state) && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the job over MCP with a deadline: the protocol has no job notification here
      job = call("connector_job_get", Map.of("job_id", jobId), false).get("job");
    }
    return job;
  }

  @Test
  void anAsyncInvocationAnswersWithAJobWhoseResultTheAgentReadsOnceItSucceeded() throws Exception {
    String jobId = submit("echo", Map.of("n", 42), "k-1");
    JsonNode job = awaitFinished(jobId);
    assertThat(job.get("state").asText()).isEqualTo("succeeded");
    assertThat(job.get("instance").asText()).isEqualTo("worker");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.at("/result/data/n").asInt()).isEqualTo(42);
    assertThat(job.at("/history/0/outcome").asText()).isEqualTo("succeeded");

    JsonNode cancel = call("connector_job_cancel", Map.of("job_id", jobId), false);
    assertThat(cancel.get("outcome").asText()).isEqualTo("already_finished");
    assertThat(cancel.at("/job/state").asText()).isEqualTo("succeeded");
  }

  @Test
  void resubmittingAFinishedJobsKeyAnswersWithTheSameJobAtOnce() throws Exception {
    String jobId = submit("echo", Map.of("n", 7), "k-again");
    assertThat(awaitFinished(jobId).get("state").asText()).isEqualTo("succeeded");
    long started = System.nanoTime();
    JsonNode again = call("connector_op_invoke", Map.of("instance", "worker", "operation", "echo",
        "input", Map.of("n", 7), "mode", "async", "idempotency_key", "k-again"), false);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(again.at("/data/job_id").asText()).isEqualTo(jobId);
  }

  @Test
  void cancelStopsARunningJobCooperatively() throws Exception {
    String jobId = submit("sleep", Map.of("ms", 120_000), "k-2");
    awaitState(jobId, "running");
    JsonNode cancel = call("connector_job_cancel", Map.of("job_id", jobId), false);
    assertThat(cancel.get("outcome").asText()).isIn("cancel_requested", "canceled");
    assertThat(cancel.at("/job/cancel_requested").asBoolean() || cancel.at("/job/state").asText()
        .equals("canceled")).isTrue();
  }

  @Test
  void getWaitsForTheJobToFinishOrForTheTimeItWasGiven() {
    String echo = submit("echo", Map.of("n", 5), "k-wait");
    JsonNode done = call("connector_job_get", Map.of("job_id", echo, "wait_seconds", 20), false);
    assertThat(done.at("/job/state").asText()).isEqualTo("succeeded");
    assertThat(done.at("/job/result/data/n").asInt()).isEqualTo(5);

    String sleeper = submit("sleep", Map.of("ms", 120_000), "k-wait-2");
    long started = System.nanoTime();
    JsonNode waiting = call("connector_job_get", Map.of("job_id", sleeper, "wait_seconds", 1), false);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(waiting.at("/job/state").asText()).isIn("pending", "running");
    assertThat(call("connector_job_get", Map.of("job_id", sleeper, "wait_seconds", 301), true)
        .at("/failure/code").asText()).isEqualTo("invalid_arguments");
    call("connector_job_cancel", Map.of("job_id", sleeper), false);
  }

  @Test
  void anUnknownJobIsNotFoundForGetAndCancel() {
    assertThat(call("connector_job_get", Map.of("job_id", "no-such-job"), true).get("outcome").asText())
        .isEqualTo("not_found");
    assertThat(call("connector_job_cancel", Map.of("job_id", "no-such-job"), true).get("outcome").asText())
        .isEqualTo("not_found");
    assertThat(call("connector_job_get", Map.of(), true).at("/failure/code").asText())
        .isEqualTo("invalid_arguments");
  }
}
