package io.cynodeai.connector.spring.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Closing the context while a call is in flight: the web server stops taking connections, the call (blocked in
 * its handler until then) still completes with the engine open and its answer reaches the client, and only then
 * does the engine close.
 */
class GracefulShutdownTest {
  private static final Caller ALICE = Caller.user("alice", null);
  static final CountDownLatch ENTERED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    ConnectorType slow() {
      return ConnectorType.builder("slow", "1.0.0")
          .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
          .operation(OperationDescriptor.builder("wait").modes(ExecutionMode.SYNC)
              .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
              .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
              .handler((ctx, in) -> {
                ENTERED.countDown();
                if (!RELEASE.await(30, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
                return HandlerResult.of(JsonResources.parse("{\"done\":true}"));
              }))
          .build();
    }

    @Bean
    PolicyEngine policy() {
      return PolicyEngine.allowAll();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @Bean
    SlowController slowController(ConnectorEngine engine) {
      return new SlowController(engine);
    }
  }

  @RestController
  static class SlowController {
    private final ConnectorEngine engine;

    SlowController(ConnectorEngine engine) {
      this.engine = engine;
    }

    @GetMapping(path = "/slow", produces = "application/json")
    String slow() {
      Outcome outcome = engine.invoke(InvocationRequest.of("slow-1", "wait", JsonResources.parse("{}"), ALICE));
      return outcome instanceof Succeeded s ? s.response().data().toString() : outcome.toString();
    }
  }

  @Test
  void anInFlightCallCompletesBeforeTheEngineCloses() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .properties("server.port=0", "connector.discover-connectors=false", "connector.stores.type=memory",
            "server.shutdown=graceful")
        .run();
    ConnectorEngine engine = context.getBean(ConnectorEngine.class);
    engine.instances().install(InstanceDefinition.builder("slow-1", "slow").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).build(), ALICE);
    engine.instances().enable("slow-1", ALICE);
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

    CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ENTERED.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    awaitRefusingConnections(port);
    RELEASE.countDown();

    HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
    closing.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JsonResources.parse(response.body());
    assertThat(body.path("done").asBoolean()).isTrue();
    assertThatThrownBy(() -> engine.invoke(InvocationRequest.of("slow-1", "wait", JsonResources.parse("{}"), ALICE)))
        .isInstanceOf(IllegalStateException.class).hasMessage("engine is closed");
  }

  /** Waits (bounded) until the server no longer accepts connections: its graceful shutdown has begun. */
  private static void awaitRefusingConnections(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (IOException refused) {
        return;
      }
    }
    throw new AssertionError("the server kept accepting connections for 30 s");
  }
}
