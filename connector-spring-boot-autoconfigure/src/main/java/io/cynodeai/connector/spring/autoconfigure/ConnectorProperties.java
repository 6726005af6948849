package io.cynodeai.connector.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code connector.*} properties of the auto-configured engine. Everything has a safe default: the
 * application's policy bean or deny-all, the engine's egress default (public addresses only), JDBC stores on
 * the application's {@code DataSource} or in memory. Immutable.
 *
 * @param enabled whether to build an engine at all
 * @param discoverConnectors whether to register every connector type found by {@code ServiceLoader} (connector
 *     beans are registered either way)
 * @param stores where the engine keeps its state
 * @param policy the policy file used when the application defines no {@code PolicyEngine} bean
 * @param specs the directory of specs applied at start-up
 * @param webhooks the webhook endpoint on the application's web server
 * @param egress an allowlist applied to every instance when the application defines no {@code EgressPolicy} bean
 * @param health what the health indicator reports
 * @param rest the optional REST management surface
 * @param tracing the engine's spans to the application's OpenTelemetry
 */
@ConfigurationProperties("connector")
public record ConnectorProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean discoverConnectors,
    @DefaultValue Stores stores,
    @DefaultValue Policy policy,
    @DefaultValue Specs specs,
    @DefaultValue Webhooks webhooks,
    @DefaultValue Egress egress,
    @DefaultValue Health health,
    @DefaultValue Rest rest,
    @DefaultValue Tracing tracing) {

  /** Where the engine keeps instances, specs, jobs, idempotency records, cursors and webhook state. */
  public enum StoreType {
    /** JDBC on the application's {@code DataSource} when there is one, else in memory. */
    AUTO,
    /** In memory, whatever the application has: lost when the process ends. */
    MEMORY,
    /** JDBC on the application's {@code DataSource} (H2 or PostgreSQL); start-up fails without one. */
    JDBC
  }

  /** @param type where the state goes */
  public record Stores(@DefaultValue("auto") StoreType type) {}

  /** @param location a YAML policy file ({@code Policies.fromYaml}); without it and without a bean: deny-all */
  public record Policy(@Nullable Path location) {}

  /**
   * @param location a directory of {@code .yaml}, {@code .yml} and {@code .json} specs applied at start-up
   * @param reconcileInterval how often to re-apply the directory and correct drift afterwards; never if unset
   * @param failOnError whether a refused spec stops the application from starting
   * @param caller the identity the specs are applied as (authorized by the policy like any caller)
   */
  public record Specs(@Nullable Path location, @Nullable Duration reconcileInterval,
      @DefaultValue("true") boolean failOnError, @DefaultValue Caller caller) {}

  /**
   * @param userId the caller's user id
   * @param groupIds the groups it acts through
   * @param projectId the project it acts in, if any
   */
  public record Caller(@DefaultValue("spring-boot") String userId, @DefaultValue List<String> groupIds,
      @Nullable String projectId) {

    io.cynodeai.connector.api.Caller toCaller() {
      return new io.cynodeai.connector.api.Caller(userId, groupIds, projectId);
    }
  }

  /**
   * @param enabled whether the engine's webhook gateway is on and mounted
   * @param path the path under which {@code POST {path}/{instance}/{subscription}} is served
   * @param maxBodyBytes the largest body accepted (larger is 413); the engine's default if unset
   */
  public record Webhooks(@DefaultValue("true") boolean enabled, @DefaultValue("/webhooks") String path,
      @Nullable Integer maxBodyBytes) {}

  /**
   * @param allow {@code scheme://host-pattern:port} entries every instance may reach
   * @param allowAddressRanges internal address ranges (CIDR) opened explicitly, e.g. {@code 10.20.0.0/16}
   */
  public record Egress(@DefaultValue List<String> allow, @DefaultValue List<String> allowAddressRanges) {}

  /**
   * @param enabled whether to serve the REST management surface (Spring MVC and Spring Security needed)
   * @param path the path it is served under
   */
  public record Rest(@DefaultValue("false") boolean enabled, @DefaultValue("/connector-api") String path) {}

  /**
   * @param enabled whether the engine's observer is built on the application's {@code OpenTelemetry} bean when
   *     {@code connector-opentelemetry} is on the class path (an {@code EngineObserver} bean wins either way)
   */
  public record Tracing(@DefaultValue("true") boolean enabled) {}

  /** @param downOn instance statuses that make the health indicator report DOWN (e.g. {@code error}) */
  public record Health(@DefaultValue List<String> downOn) {}
}
