package io.cynodeai.connector.spring.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The {@code http} connector (found by {@code ServiceLoader}) calling a real server on 127.0.0.1 through the
 * egress rules the starter takes from {@code connector.egress.*} or from an {@code EgressPolicy} bean.
 */
@Tag("REQ-EGRESS-001")
class EgressWiringTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConnectorAutoConfiguration.class))
      .withBean(PolicyEngine.class, PolicyEngine::allowAll);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (exchange) {
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private Outcome installAndGet(ApplicationContext context) {
    ConnectorEngine engine = context.getBean(ConnectorEngine.class);
    engine.instances().install(InstanceDefinition.builder("local", "http")
        .config(JsonResources.parse("{\"baseUrl\":\"" + base() + "\"}")).owner(OwnerScope.user("alice")).build(),
        ALICE);
    engine.instances().enable("local", ALICE);
    return engine.invoke(InvocationRequest.of("local", "get", JsonResources.parse("{\"path\":\"/status\"}"), ALICE));
  }

  @Test
  void theEgressPropertiesOpenTheLoopbackServer() {
    runner.withPropertyValues("connector.egress.allow=" + base(), "connector.egress.allow-address-ranges=127.0.0.1/32")
        .run(context -> {
          Outcome outcome = installAndGet(context);

          assertThat(outcome).isInstanceOf(Succeeded.class);
          assertThat(((Succeeded) outcome).response().data().path("body").path("ok").asBoolean()).isTrue();
        });
  }

  @Test
  void anEgressPolicyBeanWinsOverTheProperties() {
    runner.withPropertyValues("connector.egress.allow=" + base(), "connector.egress.allow-address-ranges=127.0.0.1/32")
        .withBean(EgressPolicy.class, () -> EgressPolicy.builder().allow("https://api.example.com:443").build())
        .run(context -> {
          Outcome outcome = installAndGet(context);

          assertThat(outcome).isInstanceOf(Failed.class);
          assertThat(requests).hasValue(0);
        });
  }
}
