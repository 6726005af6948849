package io.cynodeai.connector.mcp.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server process on raw stdio lines: bad lines are answered and the session goes on, the protocol version
 * is negotiated, calls run concurrently and can be cancelled, progress and log notifications reach the client,
 * and the process ends with its input.
 */
@Tag("REQ-DECL-019")
class StdioTransportIT {
  private static final String WORKER = """
      {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"connector_spec_apply","arguments":{"spec":
      "apiVersion: cynodeai.io/v1alpha1\\nkind: Connector\\nmetadata: {name: worker, owner: {type: user, id: agent-7}}\\nspec: {type: jobs-test, typeVersion: 1, enabled: true, config: {}}\\n"}%s}}""";

  @ParameterizedTest
  @CsvSource({"2024-11-05,2024-11-05", "2025-03-26,2025-03-26", "2025-06-18,2025-06-18", "2025-11-25,2025-11-25",
      "2031-01-01,2025-11-25"})
  void theServerAnswersTheVersionTheClientAsksForOrItsNewest(String asked, String answered) throws Exception {
    try (RawServer server = new RawServer()) {
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
          + asked + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      JsonNode result = server.answer(1).get("result");
      assertThat(result.get("protocolVersion").asText()).isEqualTo(answered);
      assertThat(result.at("/capabilities/logging").isObject()).isTrue();
    }
  }

  @Test
  void badLinesAreAnsweredAndTheSessionGoesOnUntilTheInputEnds() throws Exception {
    try (RawServer server = RawServer.initialized("2025-06-18")) {
      server.send("");
      server.send("this is not json");
      JsonNode parse = server.next(line -> line.has("error"));
      assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
      assertThat(parse.get("id").isNull()).isTrue();

      server.send("[{\"jsonrpc\":\"2.0\",\"id\":70,\"method\":\"ping\"}]");
      JsonNode batch = server.next(line -> line.has("error"));
      assertThat(batch.at("/error/code").asInt()).isEqualTo(-32600);
      assertThat(batch.at("/error/message").asText()).contains("batch");

      server.send("{\"jsonrpc\":\"2.0\",\"id\":60}");
      JsonNode noMethod = server.answer(60);
      assertThat(noMethod.at("/error/code").asInt()).isEqualTo(-32600);

      server.send("{\"id\":61,\"method\":\"ping\"}");
      assertThat(server.answer(61).at("/error/code").asInt()).isEqualTo(-32600);
      server.send("42");
      assertThat(server.next(line -> line.has("error")).at("/error/code").asInt()).isEqualTo(-32600);

      server.send("{\"jsonrpc\":\"2.0\",\"id\":62,\"method\":\"ping\"}");
      assertThat(server.answer(62).has("result")).isTrue();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":63,\"method\":\"tools/list\"}");
      assertThat(server.answer(63).at("/result/tools").size()).isGreaterThan(5);

      server.closeInput();
      assertThat(server.exitsWithin(Duration.ofSeconds(20))).as("the server exits when its input ends").isTrue();
    }
  }

  @Test
  void aPingAndAnotherCallAnswerWhileASlowCallRunsAndCancellingTheCallInterruptsIt(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("interrupted");
    try (RawServer server = RawServer.initialized("2025-06-18", "--user", "agent-7")) {
      server.send(WORKER.formatted(1, "").replace("\n", ""));
      assertThat(server.answer(1).at("/result/isError").asBoolean()).isFalse();

      server.send(("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_op_invoke\",\"arguments\":{\"instance\":\"worker\",\"operation\":\"slow\",\"input\":"
          + "{\"ms\":25000,\"marker\":%s}}}}").formatted(RawServer.JSON.writeValueAsString(marker.toString())));
      Path started = Path.of(marker + ".started");
      awaitFile(started, Files::exists, Duration.ofSeconds(20));
      assertThat(started).as("the slow call runs").exists();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      assertThat(server.answer(3).has("result")).as("the ping is answered while the call runs").isTrue();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":30,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_spec_list\",\"arguments\":{}}}");
      assertThat(server.answer(30).at("/result/structuredContent/specs/0/metadata/name").asText())
          .as("another tool call is answered while the slow one runs").isEqualTo("worker");

      server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2,"
          + "\"reason\":\"user gave up\"}}");
      awaitFile(marker, Files::exists, Duration.ofSeconds(20));
      assertThat(marker).as("the cancelled call was interrupted").exists();

      server.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
      assertThat(server.answer(4).has("result")).isTrue();
      assertThat(server.seen()).noneMatch(line -> line.path("id").asInt(-1) == 2);
    }
  }

  @Test
  void progressAndLogNotificationsReachTheClientAtItsLevel() throws Exception {
    try (RawServer server = RawServer.initialized("2025-06-18", "--user", "agent-7")) {
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
      server.answer(1);
      server.send(WORKER.formatted(2, ",\"_meta\":{\"progressToken\":\"apply-1\"}").replace("\n", ""));
      JsonNode progress = server.next(line -> "notifications/progress".equals(line.path("method").asText()));
      assertThat(progress.at("/params/progressToken").asText()).isEqualTo("apply-1");
      assertThat(progress.at("/params/progress").asDouble()).isEqualTo(1.0);
      assertThat(progress.at("/params/total").asDouble()).isEqualTo(1.0);
      JsonNode log = server.next(line -> "notifications/message".equals(line.path("method").asText()));
      assertThat(log.at("/params/level").asText()).isEqualTo("info");
      assertThat(log.at("/params/data").asText()).isEqualTo("connector_spec_apply: applied");
      assertThat(server.answer(2).at("/result/isError").asBoolean()).isFalse();

      server.send("{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_op_invoke\",\"arguments\":{\"instance\":\"worker\",\"operation\":\"echo\",\"input\":"
          + "{\"n\":1},\"mode\":\"async\",\"idempotency_key\":\"p-1\"}}}");
      String jobId = server.answer(20).at("/result/structuredContent/data/job_id").asText();
      server.send(("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_job_get\",\"arguments\":{\"job_id\":\"%s\",\"wait_seconds\":20},"
          + "\"_meta\":{\"progressToken\":7}}}").formatted(jobId));
      JsonNode jobProgress = server.next(line -> "notifications/progress".equals(line.path("method").asText())
          && line.at("/params/progressToken").asInt() == 7);
      assertThat(jobProgress.at("/params/message").asText()).startsWith("job " + jobId);
      assertThat(server.answer(21).at("/result/structuredContent/job/state").asText()).isEqualTo("succeeded");

      server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"error\"}}");
      server.answer(3);
      int mark = server.seen().size();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_instance_status_get\",\"arguments\":{\"name\":\"nope\"}}}");
      server.answer(4);
      server.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"connector_instance_status_get\",\"arguments\":{\"name\":\"worker\"}}}");
      server.answer(5);
      assertThat(server.seen().subList(mark, server.seen().size()))
          .as("below the client's level nothing is logged").noneMatch(line -> line.has("method"));
    }
  }

  /**
   * Waits until {@code ready} holds for {@code file}, woken by the file system's change events on its directory
   * (re-checked at least every 200 ms in case an event is missed); false at {@code limit}.
   */
  private static boolean awaitFile(Path file, java.util.function.Predicate<Path> ready, java.time.Duration limit)
      throws java.io.IOException, InterruptedException {
    try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
      file.toAbsolutePath().getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      long deadline = System.nanoTime() + limit.toNanos();
      while (!ready.test(file)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.nio.file.WatchKey key = watch.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
      return true;
    }
  }
}
