package io.cynodeai.connector.examples.spring;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretScope;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The seed's {@code ops-mail} connector in a Spring Boot application, with no engine wiring of its own: the
 * starter builds the engine (connectors from {@code connectors-reference}, this application's policy and
 * secret provider, the properties in {@code application.properties}), applies the spec directory at start-up,
 * mounts the webhook endpoint and the Actuator views; {@link InboxController} answers {@code GET /inbox} by
 * invoking {@code readInbox}. What the application supplies: a policy (allow all here; the spec's own policy
 * narrows it to {@code readInbox}) and the IMAP secret, stored encrypted in the spec's own secret scope (its
 * project), under the provider name the spec's {@code secretRef} uses.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl examples/spring-boot exec:java
 * </pre>
 * then {@code curl localhost:8080/inbox} and {@code curl localhost:8080/actuator/health}.
 */
@SpringBootApplication
public class OpsMailApplication {
  /** A member of the spec's owner group, in its project: who the HTTP endpoint acts as in this example. */
  static final Caller OPS = new Caller("ops-bot", List.of("7b2c..."), "3a91...");

  public static void main(String[] args) throws Exception {
    start(args);
  }

  /**
   * Starts the local IMAP server and the application against it; the server stops when the context closes.
   * The only properties set here are the ones that depend on the local server's port and directory.
   */
  public static ConfigurableApplicationContext start(String... args) throws Exception {
    LocalMailbox mailbox = LocalMailbox.start();
    try {
      return new SpringApplicationBuilder(OpsMailApplication.class)
          .initializers(context -> context.getBeanFactory().registerSingleton("localMailbox", mailbox))
          .listeners(event -> {
            if (event instanceof ContextClosedEvent) {
              mailbox.close();
            }
          })
          .properties("connector.specs.location=" + mailbox.specs(),
              "connector.egress.allow=tcp://127.0.0.1:" + mailbox.port())
          .run(args);
    } catch (RuntimeException e) {
      mailbox.close();
      throw e;
    }
  }

  /** The host's policy; a real application would load rules ({@code connector.policy.location}). */
  @Bean
  PolicyEngine policy() {
    return PolicyEngine.allowAll();
  }

  /**
   * The spec's {@code secretRef} provider {@code cynode-vault}: an envelope-encrypted store holding the IMAP
   * login in the spec's project scope, the only scope the spec's reference reaches.
   */
  @Bean
  SecretProvider cynodeVault(LocalMailbox mailbox) throws SecretUnavailableException {
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("ops"));
    SecretScope project = SecretScope.project(OPS.projectId());
    char[] password = mailbox.password();
    try {
      store.put(project, "imap-ops-mail-creds/username", "ops".toCharArray());
      store.put(project, "imap-ops-mail-creds/password", password);
    } finally {
      Arrays.fill(password, '\0');
    }
    return SecretProviders.as("cynode-vault", store);
  }

}
