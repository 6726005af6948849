package io.cynodeai.connector.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport (newline-delimited JSON-RPC 2.0), in place of the SDK's: one session per process.
 *
 * <ul>
 *   <li>A line that is not a JSON-RPC message is answered by the transport and the session goes on: not JSON
 *       is {@code -32700}; a batch (an array: MCP 2025-06-18 removed batching), an object without {@code
 *       jsonrpc: "2.0"}, without a method (and not a response), or with a bad id is {@code -32600}. Empty lines
 *       are ignored.
 *   <li>A ping is answered by the transport at once, even before the session is initialized.
 *   <li>Each message is handed to the session without waiting for it to finish, so calls run concurrently
 *       (a ping answers while a slow call runs); writes are serialized, one JSON line at a time.
 *   <li>{@code notifications/cancelled} cancels the request it names: its handler thread is interrupted and no
 *       answer is sent, as the protocol asks.
 *   <li>It offers the protocol versions 2024-11-05 to 2025-11-25, so the server answers the version the client
 *       asks for among those (the newest otherwise).
 *   <li>End of input closes the session; {@link #awaitClosed} returns then.
 * </ul>
 *
 * Thread-safe.
 */
public final class StdioLineTransport implements McpServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(StdioLineTransport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
      ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final Map<String, Disposable.Swap> inFlight = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final RunningCalls calls = new RunningCalls();
  private volatile @Nullable McpServerSession session;

  /** A transport on the given streams (standard input and output for a stdio server). */
  public StdioLineTransport(McpJsonMapper mapper, InputStream in, OutputStream out) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public List<String> protocolVersions() {
    return VERSIONS;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    session = factory.create(new SessionTransport());
    Thread reader = new Thread(this::readLines, "mcp-stdin-reader");
    reader.start();
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    inFlight.values().forEach(Disposable::dispose);
    closed.countDown();
  }

  /** The tool calls running now, which {@code notifications/cancelled} interrupts. */
  RunningCalls calls() {
    return calls;
  }

  /** Waits until the input ended (or the transport was closed). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** {@link #awaitClosed()} for at most {@code millis}; true if closed. */
  public boolean awaitClosed(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }

  private void readLines() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          accept(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("reading standard input failed: {}", e.toString());
    } finally {
      McpServerSession s = session;
      if (s != null) {
        s.close();
      }
      close();
    }
  }

  /** One line: answered here if it is not a JSON-RPC message, handed to the session otherwise. */
  void accept(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      reject(null, ErrorCodes.PARSE_ERROR, "Parse error: the line is not JSON");
      return;
    }
    String problem = problem(node);
    JsonNode id = node.isObject() ? node.get("id") : null;
    Object answerId = id != null && (id.isTextual() || id.isIntegralNumber()) ? JSON.convertValue(id, Object.class)
        : null;
    if (problem != null) {
      reject(answerId, ErrorCodes.INVALID_REQUEST, "Invalid Request: " + problem);
      return;
    }
    if ("ping".equals(node.path("method").asText()) && answerId != null) {
      // answered here, at any time: the session holds other requests until the client's initialized notice
      ObjectNode pong = JSON.createObjectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION);
      pong.set("id", id);
      pong.putObject("result");
      writeLine(pong.toString());
      return;
    }
    if ("notifications/cancelled".equals(node.path("method").asText())) {
      cancel(node.path("params").path("requestId"));
      return;
    }
    String key = id == null ? null : id.toString();
    if (key != null && "tools/call".equals(node.path("method").asText()) && node.path("params").isObject()) {
      ObjectNode params = (ObjectNode) node.get("params");
      ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
      meta.put(RunningCalls.REQUEST_ID, key); // the tool handler registers its thread under the request id
      line = node.toString();
    }
    JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, line);
    } catch (IOException | RuntimeException e) {
      reject(answerId, ErrorCodes.INVALID_REQUEST, "Invalid Request: not a JSON-RPC message MCP knows");
      return;
    }
    McpServerSession s = Objects.requireNonNull(session, "session");
    boolean isRequest = node.has("method") && key != null;
    if (!isRequest) {
      s.handle(message).subscribe(v -> {}, e -> LOG.warn("handling a message failed: {}", e.toString()));
      return;
    }
    Disposable.Swap swap = Disposables.swap();
    inFlight.put(key, swap);
    swap.update(s.handle(message).doFinally(signal -> inFlight.remove(key, swap))
        .subscribe(v -> {}, e -> LOG.warn("handling a request failed: {}", e.toString())));
  }

  /** Why the parsed line is not a JSON-RPC 2.0 message, or null if it is one. */
  private static @Nullable String problem(JsonNode node) {
    if (node.isArray()) {
      return "batches are not supported (MCP removed JSON-RPC batching in 2025-06-18); send one message per line";
    }
    if (!node.isObject()) {
      return "a message is a JSON object";
    }
    if (!"2.0".equals(node.path("jsonrpc").textValue())) {
      return "\"jsonrpc\" must be \"2.0\"";
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
      return "\"id\" must be a string or an integer";
    }
    if (node.has("method")) {
      return node.get("method").isTextual() ? null : "\"method\" must be a string";
    }
    if (id != null && (node.has("result") || node.has("error"))) {
      return null; // a response to a request of ours
    }
    return "a request has a \"method\"";
  }

  private void cancel(JsonNode requestId) {
    Disposable.Swap running = inFlight.remove(requestId.toString());
    if (running != null) {
      LOG.info("request {} cancelled by the client", requestId);
      calls.cancel(requestId.toString()); // interrupts the tool call's thread
      running.dispose(); // the cancelled request gets no answer
    }
  }

  /** An error answer with {@code "id": null} when the id is unknown, as JSON-RPC 2.0 asks. */
  private void reject(@Nullable Object id, int code, String message) {
    ObjectNode answer = JSON.createObjectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION);
    answer.set("id", JSON.valueToTree(id));
    answer.putObject("error").put("code", code).put("message", message);
    writeLine(answer.toString());
  }

  private void write(JSONRPCMessage message) {
    try {
      writeLine(mapper.writeValueAsString(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeLine(String json) {
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The session's side: sends are serialized writes of one line each. */
  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromRunnable(() -> write(message));
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return mapper.convertValue(data, type);
    }

    @Override
    public List<String> protocolVersions() {
      return VERSIONS;
    }

    @Override
    public Mono<Void> closeGracefully() {
      return StdioLineTransport.this.closeGracefully();
    }

    @Override
    public void close() {
      StdioLineTransport.this.close();
    }
  }
}
