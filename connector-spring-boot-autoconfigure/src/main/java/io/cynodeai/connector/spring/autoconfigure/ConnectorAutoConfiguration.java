package io.cynodeai.connector.spring.autoconfigure;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.KeyManagementService;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.policy.Policies;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.micrometer.MicrometerMetrics;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds one {@link ConnectorEngine} from the application context, with the library's safe defaults where the
 * application defines nothing: connector types found by {@code ServiceLoader} and connector beans; JDBC stores
 * on the application's {@code DataSource} (the engine's migrations, run once) or in memory; the application's
 * {@code MeterRegistry} (through {@code connector-micrometer}, when present) and any other {@code
 * EngineExtension} beans; its {@code PolicyEngine} (else {@code connector.policy.location}, else deny-all), its
 * {@code CredentialVault} or {@code SecretProvider}s, {@code KeyManagementService}, {@code EgressPolicy} (else
 * {@code connector.egress.*}, else the engine's default), {@code AuditSink}s (added to the JSON audit log) and
 * {@code EngineObserver} (else OpenTelemetry tracing on its {@code OpenTelemetry} bean, when it has one);
 * the webhook gateway, whose events are published as application events ({@code @EventListener void
 * on(CanonicalEvent event)}). The engine closes with the context, after the web server has stopped taking
 * requests, so in-flight calls finish and job leases are released by the engine's own close.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = "connector", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConnectorProperties.class)
public class ConnectorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ConnectorStores connectorStores(ConnectorProperties properties, ObjectProvider<DataSource> dataSource) {
    return switch (properties.stores().type()) {
      case MEMORY -> ConnectorStores.inMemory();
      case JDBC -> ConnectorStores.jdbc(dataSource.getObject());
      case AUTO -> {
        DataSource ds = dataSource.getIfUnique();
        yield ds == null ? ConnectorStores.inMemory() : ConnectorStores.jdbc(ds);
      }
    };
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ConnectorEngine connectorEngine(ConnectorProperties properties, ConnectorStores stores,
      ObjectProvider<ConnectorType> types, ObjectProvider<ConnectorProvider> providers,
      ObjectProvider<PolicyEngine> policy, ObjectProvider<EngineExtension> extensions,
      ObjectProvider<CredentialVault> vault, ObjectProvider<SecretProvider> secretProviders,
      ObjectProvider<KeyManagementService> keys, ObjectProvider<EgressPolicy> egress,
      ObjectProvider<AuditSink> auditSinks, ObjectProvider<WebhookConfig> webhookConfig,
      ObjectProvider<EngineObserver> observer, ObjectProvider<ConnectorEngineCustomizer> customizers,
      ApplicationEventPublisher events) {
    EngineBuilder builder = ConnectorEngines.builder();
    if (properties.discoverConnectors()) {
      builder.discoverConnectors();
    }
    providers.orderedStream().forEach(builder::register);
    types.orderedStream().forEach(builder::register);

    AuditSink audit = new Slf4jJsonAuditSink();
    for (AuditSink sink : auditSinks.orderedStream().toList()) {
      audit = audit.and(sink);
    }
    builder.auditSink(stores.applyTo(builder, audit));

    builder.policy(policy.getIfAvailable(() -> defaultPolicy(properties.policy().location())));
    observer.ifAvailable(builder::observer); // the application's, or tracing on its OpenTelemetry bean
    credentials(vault, secretProviders, builder);
    egress(properties.egress(), egress, builder);

    if (properties.webhooks().enabled()) {
      WebhookConfig config = webhookConfig.getIfAvailable(() -> webhooks(properties.webhooks(), keys, events));
      builder.webhooks(config.withDefaultStore(stores.webhooks()));
    }
    extensions.orderedStream().forEach(builder::extension);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnProperty(prefix = "connector.specs", name = "location")
  @ConditionalOnMissingBean
  ConnectorSpecsLifecycle connectorSpecsLifecycle(ConnectorEngine engine, ConnectorProperties properties) {
    ConnectorProperties.Specs specs = properties.specs();
    return new ConnectorSpecsLifecycle(engine, specs.caller().toCaller(), Objects.requireNonNull(specs.location()),
        specs.reconcileInterval(), specs.failOnError());
  }

  private static PolicyEngine defaultPolicy(@org.jspecify.annotations.Nullable Path location) {
    return location == null ? PolicyEngine.denyAll() : Policies.fromYaml(location);
  }

  private static void credentials(ObjectProvider<CredentialVault> vault, ObjectProvider<SecretProvider> providers,
      EngineBuilder builder) {
    CredentialVault chosen = vault.getIfAvailable();
    if (chosen == null) {
      List<SecretProvider> all = providers.orderedStream().toList();
      if (!all.isEmpty()) {
        chosen = CredentialVault.of(all.toArray(SecretProvider[]::new));
      }
    }
    if (chosen != null) {
      builder.credentials(chosen);
    }
  }

  private static void egress(ConnectorProperties.Egress properties, ObjectProvider<EgressPolicy> bean,
      EngineBuilder builder) {
    EgressPolicy policy = bean.getIfAvailable();
    if (policy == null && (!properties.allow().isEmpty() || !properties.allowAddressRanges().isEmpty())) {
      EgressPolicy.Builder rules = EgressPolicy.builder();
      properties.allow().forEach(rules::allow);
      properties.allowAddressRanges().forEach(rules::allowAddressRange);
      policy = rules.build();
    }
    if (policy != null) {
      EgressPolicy every = policy;
      builder.egress(instance -> every);
    }
  }

  private static WebhookConfig webhooks(ConnectorProperties.Webhooks properties,
      ObjectProvider<KeyManagementService> keys, ApplicationEventPublisher events) {
    WebhookConfig.Builder config = WebhookConfig.builder(events::publishEvent);
    keys.ifAvailable(config::keys);
    if (properties.maxBodyBytes() != null) {
      config.maxBodyBytes(properties.maxBodyBytes());
    }
    return config.build();
  }

  /** The engine's metrics in the application's {@code MeterRegistry}, when {@code connector-micrometer} is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.cynodeai.connector.micrometer.MicrometerMetrics")
  static class Metrics {
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(MicrometerMetrics.class)
    MicrometerMetrics connectorMicrometerMetrics(MeterRegistry registry) {
      return MicrometerMetrics.of(registry);
    }
  }
}
