package io.cynodeai.connector.examples;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.mattermost.MattermostConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import java.io.PrintStream;
import java.util.Map;

/**
 * Posts to a Mattermost channel and reads it back through the {@code mattermost} connector, against a local
 * stand-in server: the token sealed in an encrypted store and leased per call, the egress guard allowing
 * only the server, and a post repeated with the same idempotency key replayed by the engine instead of
 * posted twice.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl examples exec:java \
 *     -Dexec.mainClass=io.cynodeai.connector.examples.MattermostExample
 * </pre>
 */
public final class MattermostExample {
  private static final Caller DEMO = Caller.user("demo", "chatops");
  private static final String CHANNEL = LocalChatServer.MATTERMOST_CHANNEL;

  private MattermostExample() {}

  public static void main(String[] args) throws SecretUnavailableException {
    run(System.out);
  }

  /** Runs the example, writing what it shows to {@code out}. */
  static void run(PrintStream out) throws SecretUnavailableException {
    char[] token = "example-personal-access-token".toCharArray();
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("example"));
    store.put("mattermost-token", token);
    try (LocalChatServer server = LocalChatServer.mattermost(new String(token));
        ConnectorEngine engine = ConnectorEngines.builder()
            .register(new MattermostConnectorProvider())
            .policy(PolicyEngine.allowAll())
            .credentials(CredentialVault.of(store), instance -> Map.of("token", SecretRef.parse("store:mattermost-token")))
            .egress(instance -> EgressPolicy.builder().allow("http://127.0.0.1:" + server.port())
                .allowAddressRange("127.0.0.1/32").build())       // loopback only because the server is local
            .build()) {
      require(engine.instances().install(InstanceDefinition.builder("team-chat", "mattermost")
          .config(JsonResources.parse("{\"serverUrl\":\"" + server.url() + "\"}"))
          .owner(OwnerScope.user("demo")).projectId("chatops").build(), DEMO));
      require(engine.instances().enable("team-chat", DEMO));

      String post = "{\"channel_id\":\"" + CHANNEL + "\",\"message\":\"Deploy 42 finished\"}";
      Outcome first = engine.invoke(request("postMessage", post).withIdempotencyKey("deploy-42"));
      Outcome again = engine.invoke(request("postMessage", post).withIdempotencyKey("deploy-42"));
      out.println("posted: " + describe(first));
      out.println("same key again: " + describe(again));

      Outcome history = engine.invoke(request("readChannelHistory", "{\"channel_id\":\"" + CHANNEL
          + "\",\"since\":0}"));
      out.println("channel history: " + describe(history));
    }
  }

  private static InvocationRequest request(String operation, String input) {
    return InvocationRequest.of("team-chat", operation, JsonResources.parse(input), DEMO);
  }

  private static String describe(Outcome outcome) {
    if (outcome instanceof Succeeded s) {
      return s.response().data().toString();
    }
    Failed f = (Failed) outcome;
    return f.failureClass().wireName() + " / " + f.code() + ": " + f.message();
  }

  private static void require(LifecycleOutcome outcome) {
    if (outcome instanceof LifecycleOutcome.Refused rejected) {
      throw new IllegalStateException("lifecycle step refused: " + rejected.failure().message());
    }
    if (outcome instanceof LifecycleOutcome.Applied applied && applied.unhealthy().isPresent()) {
      throw new IllegalStateException(applied.unhealthy().get().message());
    }
  }
}
