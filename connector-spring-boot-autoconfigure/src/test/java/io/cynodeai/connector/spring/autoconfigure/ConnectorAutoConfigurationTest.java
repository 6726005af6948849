package io.cynodeai.connector.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The conditional wiring: which stores, policy, meters and specs the engine gets from which context. */
class ConnectorAutoConfigurationTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConnectorAutoConfiguration.class))
      .withPropertyValues("connector.discover-connectors=false")
      .withBean(ConnectorType.class, HooksConnector::type);

  @Configuration(proxyBeanMethods = false)
  static class AllowAll {
    @Bean
    PolicyEngine policy() {
      return PolicyEngine.allowAll();
    }
  }

  @Test
  void withoutADataSourceTheStoresAreInMemory() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(ConnectorEngine.class);
      assertThat(context.getBean(ConnectorStores.class).kind()).isEqualTo("memory");
    });
  }

  @Test
  void anH2DataSourceHoldsTheEnginesStateInTheApplicationsDatabase() {
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withUserConfiguration(AllowAll.class)
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:engine-state;DB_CLOSE_DELAY=-1")
        .run(context -> {
          assertThat(context.getBean(ConnectorStores.class).kind()).isEqualTo("h2");
          ConnectorEngine engine = context.getBean(ConnectorEngine.class);
          assertThat(engine.specs().apply(SpecSource.of(HooksConnector.spec("in-h2")), ALICE))
              .isInstanceOf(SpecOutcome.Applied.class);

          try (var c = context.getBean(DataSource.class).getConnection();
              var rows = c.createStatement().executeQuery(
                  "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE '%instance%'")) {
            rows.next();
            assertThat(rows.getInt(1)).isPositive();
          }
          assertThat(context.getBean(ConnectorStores.class).instances().find("in-h2")).isPresent();
        });
  }

  @Test
  void storeTypeMemoryIgnoresTheDataSource() {
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:ignored", "connector.stores.type=memory")
        .run(context -> assertThat(context.getBean(ConnectorStores.class).kind()).isEqualTo("memory"));
  }

  @Test
  void storeTypeJdbcWithoutADataSourceFailsTheStartUp() {
    runner.withPropertyValues("connector.stores.type=jdbc").run(context -> assertThat(context).hasFailed());
  }

  @Test
  void withoutAPolicyBeanEveryCallIsDenied() {
    runner.run(context -> {
      SpecOutcome outcome = context.getBean(ConnectorEngine.class).specs()
          .apply(SpecSource.of(HooksConnector.spec("denied")), ALICE);
      assertThat(outcome).isInstanceOf(SpecOutcome.Refused.class);
      assertThat(((SpecOutcome.Refused) outcome).failure().failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    });
  }

  @Test
  void aPolicyBeanWinsOverTheDenyAllDefault() {
    runner.withUserConfiguration(AllowAll.class).run(context -> assertThat(context.getBean(ConnectorEngine.class)
        .specs().apply(SpecSource.of(HooksConnector.spec("allowed")), ALICE)).isInstanceOf(SpecOutcome.Applied.class));
  }

  @Test
  void aPolicyFileIsUsedWhenThereIsNoPolicyBean(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        rules:
          - name: alice-everything
            effect: allow
            users: [alice]
            actions: ["*"]
        """);
    runner.withPropertyValues("connector.policy.location=" + file).run(context -> assertThat(
        context.getBean(ConnectorEngine.class).specs().apply(SpecSource.of(HooksConnector.spec("by-file")), ALICE))
        .isInstanceOf(SpecOutcome.Applied.class));
  }

  @Test
  void theEnginesMetricsGoToTheApplicationsMeterRegistry() {
    runner.withUserConfiguration(AllowAll.class).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          ConnectorEngine engine = context.getBean(ConnectorEngine.class);
          engine.specs().apply(SpecSource.of(HooksConnector.spec("metered")), ALICE);
          assertThat(engine.invoke(InvocationRequest.of("metered", "echo", JsonResources.parse("{\"text\":\"hi\"}"),
              ALICE))).isInstanceOf(Succeeded.class);
          assertThat(context.getBean(MeterRegistry.class).get("connector.invocations").tag("type", "hooks")
              .tag("instance", "metered").counter().count()).isEqualTo(1.0);
        });
  }

  @Test
  void customizersRunOnceBeforeTheEngineIsBuilt() {
    AtomicInteger calls = new AtomicInteger();
    runner.withBean(ConnectorEngineCustomizer.class, () -> (EngineBuilder b) -> calls.incrementAndGet())
        .run(context -> {
          assertThat(context).hasSingleBean(ConnectorEngine.class);
          assertThat(calls).hasValue(1);
        });
  }

  @Test
  void theSpecsDirectoryIsAppliedAtStartUp(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("hooks.yaml"), HooksConnector.spec("from-directory"));
    runner.withUserConfiguration(AllowAll.class)
        .withPropertyValues("connector.specs.location=" + dir, "connector.specs.caller.user-id=alice")
        .run(context -> assertThat(context.getBean(ConnectorStores.class).instances().find("from-directory"))
            .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo(InstanceStatus.ACTIVE)));
  }

  @Test
  void aRefusedSpecsDirectoryStopsTheStartUp(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("hooks.yaml"), HooksConnector.spec("refused"));
    runner.withPropertyValues("connector.specs.location=" + dir).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("were refused");
    });
  }

  @Test
  void webhooksCanBeTurnedOff() {
    runner.withPropertyValues("connector.webhooks.enabled=false").run(context ->
        assertThatThrownBy(() -> context.getBean(ConnectorEngine.class).webhooks())
            .isInstanceOf(UnsupportedOperationException.class));
  }

  @Test
  void theEngineClosesWithTheContext() {
    runner.run(context -> {
      ConnectorEngine engine = context.getBean(ConnectorEngine.class);
      context.close();
      assertThatThrownBy(() -> engine.invoke(InvocationRequest.of("x", "echo", JsonResources.parse("{}"), ALICE)))
          .isInstanceOf(IllegalStateException.class);
    });
  }

  @Test
  void connectorEnabledFalseBuildsNoEngine() {
    runner.withPropertyValues("connector.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ConnectorEngine.class));
  }
}
