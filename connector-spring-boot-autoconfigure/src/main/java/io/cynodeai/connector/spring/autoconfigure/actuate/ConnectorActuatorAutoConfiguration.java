package io.cynodeai.connector.spring.autoconfigure.actuate;

import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import io.cynodeai.connector.spring.autoconfigure.ConnectorProperties;
import io.cynodeai.connector.spring.autoconfigure.ConnectorStores;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator {@code connectors} (with {@code spring-boot-health}) and the {@code connectors} endpoint
 * (with {@code spring-boot-actuator}). The engine's metrics need nothing here: with {@code connector-micrometer} on
 * the class path, {@link ConnectorAutoConfiguration} adds its extension, which writes them, tagged per type and
 * instance, to the application's {@code MeterRegistry}.
 */
@AutoConfiguration(after = ConnectorAutoConfiguration.class)
@ConditionalOnBean(ConnectorStores.class)
public class ConnectorActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {
    @Bean("connectorsHealthIndicator")
    @ConditionalOnMissingBean(name = "connectorsHealthIndicator")
    ConnectorHealthIndicator connectorsHealthIndicator(ConnectorStores stores, ConnectorProperties properties) {
      return new ConnectorHealthIndicator(stores, properties.health().downOn());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class InstancesEndpoint {
    @Bean
    @ConditionalOnMissingBean
    ConnectorInstancesEndpoint connectorInstancesEndpoint(ConnectorStores stores) {
      return new ConnectorInstancesEndpoint(stores);
    }
  }
}
