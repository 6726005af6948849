package io.cynodeai.connector.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** The {@code connectors} health indicator and endpoint over an engine with one healthy and one broken instance. */
class ConnectorHealthIndicatorTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConnectorAutoConfiguration.class,
          ConnectorActuatorAutoConfiguration.class))
      .withPropertyValues("connector.discover-connectors=false")
      .withBean(ConnectorType.class, HooksConnector::type)
      .withBean(PolicyEngine.class, PolicyEngine::allowAll);

  private static void installAndEnable(ApplicationContext context, String id, String endpoint) {
    ConnectorEngine engine = context.getBean(ConnectorEngine.class);
    engine.instances().install(InstanceDefinition.builder(id, HooksConnector.TYPE)
        .config(JsonResources.parse("{\"endpoint\":\"" + endpoint + "\"}")).owner(OwnerScope.user("alice")).build(),
        ALICE);
    engine.instances().enable(id, ALICE);
  }

  @Test
  void aBrokenInstanceIsVisibleWhileTheApplicationStaysUp() {
    runner.run(context -> {
      installAndEnable(context, "good", "https://ok.example.com");
      installAndEnable(context, "bad", "https://broken.example.com");

      Health health = context.getBean("connectorsHealthIndicator", ConnectorHealthIndicator.class).health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("instances", 2,
          "byStatus", Map.of("active", 1, "error", 1), "error", List.of("bad")));
    });
  }

  @Test
  void anInstanceInADownOnStatusMakesTheIndicatorDown() {
    runner.withPropertyValues("connector.health.down-on=error").run(context -> {
      installAndEnable(context, "bad", "https://broken.example.com");

      assertThat(context.getBean(ConnectorHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void theEndpointShowsStatusAndLastErrorButNotTheConfiguration() {
    runner.run(context -> {
      installAndEnable(context, "bad", "https://broken.example.com");

      ConnectorInstancesEndpoint.InstanceView view = context.getBean(ConnectorInstancesEndpoint.class).instance("bad");

      assertThat(view).isNotNull();
      assertThat(view.status()).isEqualTo("error");
      assertThat(view.lastErrorMessage()).contains("the endpoint is broken");
      assertThat(context.getBean(ConnectorInstancesEndpoint.class).instance("absent")).isNull();
    });
  }
}
