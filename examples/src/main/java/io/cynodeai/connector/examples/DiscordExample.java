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
import io.cynodeai.connector.reference.discord.DiscordConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import java.io.PrintStream;
import java.util.Map;

/**
 * Sends Discord messages as a bot and reads them back through the {@code discord} connector, against a local
 * stand-in API whose rate-limit bucket empties after three calls: the call that empties it succeeds with a
 * warning, and the engine holds the next call until the bucket resets instead of letting Discord refuse it.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl examples exec:java \
 *     -Dexec.mainClass=io.cynodeai.connector.examples.DiscordExample
 * </pre>
 */
public final class DiscordExample {
  private static final Caller DEMO = Caller.user("demo", "chatops");
  private static final String CHANNEL = LocalChatServer.DISCORD_CHANNEL;

  private DiscordExample() {}

  public static void main(String[] args) throws SecretUnavailableException {
    run(System.out);
  }

  /** Runs the example, writing what it shows to {@code out}. */
  static void run(PrintStream out) throws SecretUnavailableException {
    char[] token = "example-bot-token".toCharArray();
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("example"));
    store.put("discord-bot-token", token);
    try (LocalChatServer api = LocalChatServer.discord(new String(token));
        ConnectorEngine engine = ConnectorEngines.builder()
            .register(new DiscordConnectorProvider())
            .policy(PolicyEngine.allowAll())
            .credentials(CredentialVault.of(store), instance -> Map.of("token", SecretRef.parse("store:discord-bot-token")))
            .egress(instance -> EgressPolicy.builder().allow("http://127.0.0.1:" + api.port())
                .allowAddressRange("127.0.0.1/32").build())       // loopback only because the API is local
            .build()) {
      require(engine.instances().install(InstanceDefinition.builder("ops-bot", "discord")
          .config(JsonResources.parse("{\"apiUrl\":\"" + api.url() + "\"}"))
          .owner(OwnerScope.user("demo")).projectId("chatops").build(), DEMO));
      require(engine.instances().enable("ops-bot", DEMO));

      for (int i = 1; i <= LocalChatServer.DISCORD_BUCKET_SIZE; i++) {
        String input = "{\"channel_id\":\"" + CHANNEL + "\",\"content\":\"build " + i + " is green\",\"nonce\":\"build-"
            + i + "\"}";
        out.println("sent: " + describe(engine.invoke(request("createMessage", input).withIdempotencyKey("build-" + i))));
      }
      long start = System.nanoTime();
      Outcome read = engine.invoke(request("getChannelMessages", "{\"channel_id\":\"" + CHANNEL + "\",\"limit\":10}"));
      out.println("read after waiting " + (System.nanoTime() - start) / 1_000_000 + " ms for the bucket: "
          + describe(read));
    }
  }

  private static InvocationRequest request(String operation, String input) {
    return InvocationRequest.of("ops-bot", operation, JsonResources.parse(input), DEMO);
  }

  private static String describe(Outcome outcome) {
    if (outcome instanceof Succeeded s) {
      String warnings = s.response().warnings().isEmpty() ? "" : " warnings=" + s.response().warnings();
      return s.response().data().toString() + warnings;
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
