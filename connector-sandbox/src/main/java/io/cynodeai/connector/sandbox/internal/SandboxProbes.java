package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The probes of sandbox verification (REQ-GOV-008), run as an untrusted connector inside the child: each
 * operation attempts one thing the sandbox must prevent and returns normally only if it succeeded. Their input
 * names the target (a port, a path). Public for the child to load it; not an API.
 */
public final class SandboxProbes implements ConnectorProvider {

  @Override
  public ConnectorType type() {
    ConnectorType.Builder b = ConnectorType.builder("sandbox-probes", "1.0.0");
    b.operation(probe("open_socket", in -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), in.path("port").asInt())) {
        return "connected";
      }
    }));
    b.operation(probe("direct_http", in -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + in.path("port").asInt() + "/")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()));
    b.operation(probe("resolve_dns", in -> InetAddress.getByName(in.path("host").asText()).getHostAddress()));
    b.operation(probe("write_file", in -> Files.writeString(Path.of(in.path("path").asText()), "probe").toString()));
    b.operation(probe("read_home", in -> {
      try (var listing = Files.list(Path.of(in.path("path").asText()))) {
        return listing.count();
      }
    }));
    b.operation(probe("read_environment", in -> String.valueOf(System.getenv("PATH"))));
    b.operation(probe("exec_process", in -> new ProcessBuilder(in.path("command").asText()).start().pid()));
    b.operation(probe("disable_security_manager", in -> {
      System.setSecurityManager(null);
      return "disabled";
    }));
    b.operation(probe("exceed_memory", in -> {
      List<long[]> hoard = new ArrayList<>();
      while (true) {
        hoard.add(new long[128 * 1024]);
      }
    }));
    b.operation(probe("exceed_time", in -> {
      long x = 1;
      while (x != 0) {
        x = x * 31 + 7;
      }
      return x;
    }));
    return b.build();
  }

  /** What a probe attempts; it returns only if the attempt succeeded. */
  @FunctionalInterface
  private interface Attempt {
    Object run(JsonNode input) throws Exception;
  }

  private static OperationDescriptor.Builder probe(String name, Attempt attempt) {
    OperationHandler handler = (ctx, input) -> HandlerResult.of(JsonNodeFactory.instance.objectNode()
        .put("escaped", String.valueOf(attempt.run(input))));
    return OperationDescriptor.builder(name).modes(ExecutionMode.SYNC).handler(handler);
  }
}
