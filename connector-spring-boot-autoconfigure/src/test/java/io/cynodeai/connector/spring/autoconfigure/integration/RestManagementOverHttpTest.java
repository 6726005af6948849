package io.cynodeai.connector.spring.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.policy.Policies;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
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
 * The REST management surface on a real Tomcat behind the application's Spring Security (HTTP Basic): the
 * caller is the authenticated principal, the engine's policy decides (alice may do everything, bob nothing),
 * refusals are RFC 9457 problems, and the OpenAPI description is served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "connector.discover-connectors=false", "connector.rest.enabled=true", "connector.stores.type=memory"})
class RestManagementOverHttpTest {
  private final HttpClient client = HttpClient.newHttpClient();
  @LocalServerPort int port;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    ConnectorType hooks() {
      return HooksConnector.type();
    }

    @Bean
    PolicyEngine policy() {
      return Policies.fromYaml("""
          rules:
            - name: alice-everything
              effect: allow
              users: [alice]
              actions: ["*"]
          """);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).httpBasic(Customizer.withDefaults())
          .csrf(c -> c.disable()).build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}alice-pw").authorities("GROUP_ops").build(),
          User.withUsername("bob").password("{noop}bob-pw").authorities("GROUP_ops").build());
    }
  }

  @Test
  void withoutAuthenticationTheAnswerIs401() throws Exception {
    assertThat(send("GET", "/connector-api/instances", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aliceAppliesASpecThenListsAndInvokesItsInstanceAsHerself() throws Exception {
    HttpResponse<String> applied = send("POST", "/connector-api/specs/apply", "alice", HooksConnector.spec("rest-1"));
    HttpResponse<String> listed = send("GET", "/connector-api/instances", "alice", null);
    HttpResponse<String> invoked = send("POST", "/connector-api/instances/rest-1/operations/echo", "alice",
        "{\"text\":\"hello\"}");

    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(JsonResources.parse(listed.body()).findValuesAsText("id")).contains("rest-1");
    assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
    assertThat(JsonResources.parse(invoked.body()).path("data").path("text").asText()).isEqualTo("hello");
  }

  @Test
  void bobIsRefusedByTheEnginesPolicyWithAProblemDetail() throws Exception {
    HttpResponse<String> refused = send("POST", "/connector-api/specs/apply", "bob", HooksConnector.spec("rest-2"));

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JsonResources.parse(refused.body());
    assertThat(problem.path("type").asText()).isEqualTo("urn:cynodeai:connector:problem:policy_denied");
    assertThat(problem.path("status").asInt()).isEqualTo(403);
    assertThat(problem.path("code").asText()).isEqualTo("policy_denied");
  }

  @Test
  void anInvalidInputIsA400Problem() throws Exception {
    send("POST", "/connector-api/specs/apply", "alice", HooksConnector.spec("rest-3"));

    HttpResponse<String> invalid = send("POST", "/connector-api/instances/rest-3/operations/echo", "alice",
        "{\"unexpected\":1}");

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JsonResources.parse(invalid.body()).path("type").asText())
        .isEqualTo("urn:cynodeai:connector:problem:validation_error");
  }

  @Test
  void anInvalidSpecIsA422WithItsProblems() throws Exception {
    HttpResponse<String> response = send("POST", "/connector-api/specs/validate", "alice", "kind: Nonsense\n");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(JsonResources.parse(response.body()).path("problems").size()).isPositive();
  }

  @Test
  void theOpenApiDescriptionIsServed() throws Exception {
    HttpResponse<String> response = send("GET", "/connector-api/openapi.yaml", "bob", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.1.0").contains("/specs/apply:", "application/problem+json");
  }

  private HttpResponse<String> send(String method, String path, @Nullable String user, @Nullable String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml");
    }
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
