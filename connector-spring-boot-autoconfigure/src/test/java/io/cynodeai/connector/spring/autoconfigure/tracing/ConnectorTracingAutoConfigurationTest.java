package io.cynodeai.connector.spring.autoconfigure.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.opentelemetry.OpenTelemetryTracing;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which observer the auto-configured engine gets: the application's, OpenTelemetry's, or none. */
class ConnectorTracingAutoConfigurationTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConnectorAutoConfiguration.class,
          ConnectorTracingAutoConfiguration.class))
      .withPropertyValues("connector.discover-connectors=false")
      .withBean(ConnectorType.class, HooksConnector::type)
      .withBean(PolicyEngine.class, PolicyEngine::allowAll);

  @Configuration(proxyBeanMethods = false)
  static class Traced {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Bean
    InMemorySpanExporter exporter() {
      return exporter;
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry() {
      return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }
  }

  /** The application's own observer: records the operations it saw. */
  @Configuration(proxyBeanMethods = false)
  static class OwnObserver {
    @Bean
    Recording recording() {
      return new Recording();
    }
  }

  static final class Recording implements EngineObserver {
    final List<String> invoked = new CopyOnWriteArrayList<>();

    @Override
    public ObservedScope invocation(InvocationRequest request, @Nullable ObservedScope parent) {
      invoked.add(request.operation());
      return ObservedScope.NONE;
    }
  }

  private static void invokeEcho(ConnectorEngine engine) {
    assertThat(engine.specs().apply(SpecSource.of(HooksConnector.spec("traced")), ALICE))
        .isInstanceOf(SpecOutcome.Applied.class);
    assertThat(engine.invoke(InvocationRequest.of("traced", "echo", JsonResources.parse("{\"text\":\"hi\"}"),
        ALICE).withTraceparent(TRACEPARENT))).isInstanceOf(Succeeded.class);
  }

  @Test
  void withAnOpenTelemetryBeanTheEnginesSpansGoToItUnderTheCallersTrace() {
    runner.withUserConfiguration(Traced.class).run(context -> {
      assertThat(context).hasSingleBean(OpenTelemetryTracing.class);
      invokeEcho(context.getBean(ConnectorEngine.class));

      List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
      assertThat(spans).filteredOn(s -> s.getName().equals("invoke echo")).singleElement().satisfies(s -> {
        assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(s.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
      });
      assertThat(spans).extracting(SpanData::getName).contains("attempt echo", "health_check");
    });
  }

  @Test
  void theApplicationsObserverWinsOverOpenTelemetry() {
    runner.withUserConfiguration(Traced.class, OwnObserver.class).run(context -> {
      assertThat(context).doesNotHaveBean(OpenTelemetryTracing.class);
      invokeEcho(context.getBean(ConnectorEngine.class));

      assertThat(context.getBean(Recording.class).invoked).containsExactly("echo");
      assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
    });
  }

  @Test
  void anObserverBeanIsWiredWithoutTheOpenTelemetryModule() {
    runner.withUserConfiguration(OwnObserver.class)
        .withClassLoader(new FilteredClassLoader(OpenTelemetryTracing.class, OpenTelemetry.class))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(OpenTelemetryTracing.class);
          invokeEcho(context.getBean(ConnectorEngine.class));
          assertThat(context.getBean(Recording.class).invoked).containsExactly("echo");
        });
  }

  @Test
  void withoutAnOpenTelemetryBeanThereIsNoTracing() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(EngineObserver.class);
      invokeEcho(context.getBean(ConnectorEngine.class));
    });
  }

  @Test
  void tracingCanBeTurnedOffByProperty() {
    runner.withUserConfiguration(Traced.class).withPropertyValues("connector.tracing.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(EngineObserver.class);
          invokeEcho(context.getBean(ConnectorEngine.class));
          assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
        });
  }
}
