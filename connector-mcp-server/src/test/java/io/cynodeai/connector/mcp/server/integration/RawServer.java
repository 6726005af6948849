package io.cynodeai.connector.mcp.server.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The server jar (with the test classes on its class path) as a child process, written to and read from as
 * raw JSON lines, the way a client nobody here wrote talks to it.
 */
final class RawServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();

  RawServer(String... args) throws IOException {
    String classPath = Path.of("target", "connector-mcp-server.jar").toAbsolutePath() + File.pathSeparator
        + Path.of("target", "test-classes").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, "io.cynodeai.connector.mcp.server.McpMain"));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(JSON.readTree(line));
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "raw-server-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the server and initializes a session asking for {@code version}; returns the initialize result. */
  static RawServer initialized(String version, String... args) throws Exception {
    RawServer server = new RawServer(args);
    server.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    server.answer(0);
    server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return server;
  }

  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** The next line matching {@code test} (within 30 s); lines passed over are kept in {@link #seen()}. */
  JsonNode next(Predicate<JsonNode> test) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no matching line within 30 s; seen " + seen);
      }
      seen.add(line);
      if (test.test(line)) {
        return line;
      }
    }
  }

  /** The answer to the request with this (numeric) id. */
  JsonNode answer(int id) throws InterruptedException {
    return next(line -> line.path("id").isInt() && line.path("id").asInt() == id && !line.has("method"));
  }

  List<JsonNode> seen() {
    return seen;
  }

  /** The lines not read yet, waiting at most {@code millis} for the first. */
  JsonNode poll(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS);
  }

  void closeInput() throws IOException {
    stdin.close();
  }

  boolean exitsWithin(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
