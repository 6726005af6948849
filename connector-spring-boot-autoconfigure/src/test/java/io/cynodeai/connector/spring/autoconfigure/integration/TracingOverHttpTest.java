package io.cynodeai.connector.spring.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real Tomcat application with an {@code OpenTelemetry} bean: a call to the REST surface that carries a W3C
 * {@code traceparent} and {@code tracestate} is traced under the caller's trace, with nothing but the
 * auto-configuration wiring it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "connector.discover-connectors=false", "connector.rest.enabled=true", "connector.stores.type=memory"})
class TracingOverHttpTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_ID = "b7ad6b7169203331";

  private final HttpClient client = HttpClient.newHttpClient();
  @LocalServerPort int port;
  @Autowired InMemorySpanExporter exporter;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    ConnectorType hooks() {
      return HooksConnector.type();
    }

    @Bean
    PolicyEngine policy() {
      return PolicyEngine.allowAll();
    }

    @Bean
    InMemorySpanExporter exporter() {
      return InMemorySpanExporter.create();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
      return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).httpBasic(Customizer.withDefaults())
          .csrf(c -> c.disable()).build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-pw").build());
    }
  }

  @BeforeEach
  void reset() {
    exporter.reset();
  }

  @Test
  void aCallWithATraceparentHeaderIsTracedUnderTheCallersTrace() throws Exception {
    assertThat(send("/connector-api/specs/apply", "application/yaml", HooksConnector.spec("traced-1"), null)
        .statusCode()).isEqualTo(200);

    HttpResponse<String> invoked = send("/connector-api/instances/traced-1/operations/echo", "application/json",
        "{\"text\":\"hello\"}", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

    assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
    List<SpanData> calls = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("invoke echo")).toList();
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(call.getParentSpanId()).isEqualTo(PARENT_ID);
      assertThat(call.getSpanContext().getTraceState().get("vendor")).isEqualTo("opaque");
    });
  }

  @Test
  void aCallWithABadTraceparentHeaderStillRunsAsANewTrace() throws Exception {
    send("/connector-api/specs/apply", "application/yaml", HooksConnector.spec("traced-2"), null);

    HttpResponse<String> invoked = send("/connector-api/instances/traced-2/operations/echo", "application/json",
        "{\"text\":\"hello\"}", "00-not-a-trace-01");

    assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
    assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("invoke echo"))
        .singleElement().satisfies(call -> assertThat(call.getParentSpanContext().isValid()).isFalse());
  }

  private HttpResponse<String> send(String path, String type, String body, @Nullable String traceparent)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type)
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8)));
    if (traceparent != null) {
      request.header("traceparent", traceparent).header("tracestate", "vendor=opaque");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
