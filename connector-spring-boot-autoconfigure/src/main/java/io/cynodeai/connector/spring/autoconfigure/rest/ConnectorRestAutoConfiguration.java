package io.cynodeai.connector.spring.autoconfigure.rest;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.spring.autoconfigure.ConnectorAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The REST management surface, when {@code connector.rest.enabled=true} on a Spring MVC application with Spring
 * Security: the application's security configuration authenticates, the engine authorizes.
 */
@AutoConfiguration(after = ConnectorAutoConfiguration.class)
@ConditionalOnBean(ConnectorEngine.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet",
    "org.springframework.security.core.Authentication"})
@ConditionalOnProperty(prefix = "connector.rest", name = "enabled", havingValue = "true")
public class ConnectorRestAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ConnectorCallerResolver connectorCallerResolver() {
    return ConnectorCallerResolver.byAuthorities();
  }

  @Bean
  @ConditionalOnMissingBean
  ConnectorRestController connectorRestController(ConnectorEngine engine, ConnectorCallerResolver callers) {
    return new ConnectorRestController(engine, callers);
  }
}
