package io.cynodeai.connector.spring.autoconfigure.tracing;

import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.opentelemetry.OpenTelemetryTracing;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * When the application has {@code connector-opentelemetry} on its class path and an {@link OpenTelemetry} bean
 * (its own, Spring Boot's or the OpenTelemetry starter's), the engine's observer is {@link
 * OpenTelemetryTracing#of(OpenTelemetry) OpenTelemetryTracing} on it: spans for calls, attempts, jobs, polls,
 * webhooks, health checks and provider subscription calls, and W3C trace context on the connectors' outgoing
 * requests. An {@link EngineObserver} bean of the application's own wins (define {@code EngineObserver.none()}
 * to trace nothing); {@code connector.tracing.enabled=false} turns this off.
 */
@AutoConfiguration(before = ConnectorAutoConfiguration.class, afterName = {
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
    "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"})
@ConditionalOnClass({OpenTelemetryTracing.class, OpenTelemetry.class})
@ConditionalOnProperty(prefix = "connector", name = {"enabled", "tracing.enabled"}, matchIfMissing = true)
public class ConnectorTracingAutoConfiguration {

  @Bean
  @ConditionalOnBean(OpenTelemetry.class)
  @ConditionalOnMissingBean(EngineObserver.class)
  OpenTelemetryTracing connectorTracing(OpenTelemetry openTelemetry) {
    return OpenTelemetryTracing.of(openTelemetry);
  }
}
