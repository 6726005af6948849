package io.cynodeai.connector.spring.autoconfigure.webhook;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import io.cynodeai.connector.spring.autoconfigure.ConnectorProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Mounts the engine's webhook gateway on the application's web server at {@code connector.webhooks.path}
 * (default {@code /webhooks}): a controller on a servlet (Spring MVC) server, a router function on a reactive
 * (WebFlux) one. Off with {@code connector.webhooks.enabled=false}.
 */
@AutoConfiguration(after = ConnectorAutoConfiguration.class)
@ConditionalOnBean(ConnectorEngine.class)
@ConditionalOnProperty(prefix = "connector.webhooks", name = "enabled", matchIfMissing = true)
public class ConnectorWebhookAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
  static class WebMvc {
    @Bean
    @ConditionalOnMissingBean
    WebMvcWebhookController connectorWebhookController(ConnectorEngine engine) {
      return new WebMvcWebhookController(engine.webhooks(), Clock.systemUTC());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
  static class WebFlux {
    @Bean
    RouterFunction<ServerResponse> connectorWebhookRoutes(ConnectorEngine engine, ConnectorProperties properties) {
      return new WebFluxWebhookRoutes(engine.webhooks(), Clock.systemUTC()).routes(properties.webhooks().path());
    }
  }
}
