package io.cynodeai.connector.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Standard Webhooks (HMAC-SHA256) delivery of a ~1 KB JSON body through {@code engine.webhooks().deliver},
 * against raw JCA baselines in the same run (issue 15's targets):
 *
 * <ul>
 *   <li>{@link #rawHmac}: one {@code Mac.doFinal} over {@code id.timestamp.body} with an initialised key;
 *   <li>{@link #rawVerifyAndParse}: that HMAC, a constant-time compare, and a Jackson parse of the body;
 *   <li>{@link #rawSign}: what the benchmark itself spends to sign a fresh message for {@link #deliverValid}
 *       (HMAC + base64), to subtract from it;
 *   <li>{@link #deliverValid}: a new, correctly signed message each time (new {@code webhook-id});
 *   <li>{@link #deliverForged}: a wrong signature; {@link #deliverDuplicate}: a message delivered before.
 * </ul>
 *
 * <p>Targets: {@code deliverValid} (less {@code rawSign}) ≤ 3× {@code rawVerifyAndParse}; {@code deliverForged}
 * and {@code deliverDuplicate} ≤ 2× {@code rawHmac} (in time per operation).
 *
 * <p>The fork's heap is fixed and touched up front: with a growing heap, a delivery (which allocates several
 * times what the raw baselines do) spent whole iterations ten times slower, faulting in the pages of each newly
 * grown young generation, which measured the machine's memory and not the delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class WebhookBenchmark {
  private static final Caller ADMIN = Caller.user("admin", null);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectorEngine engine;
  private byte[] body;
  private Mac mac;
  private byte[] key;
  private String timestamp;
  private long counter;
  private String duplicateId;
  private String duplicateSignature;
  private String expectedRaw;

  /** One {@code order.updated} event per message. */
  static final class Source implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.standardWebhooks();
    }

    @Override
    public boolean interruptible() {
      return true; // a JSON parse of the capped body
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      JsonNode doc = request.bodyJson();
      // one event per message, named by the signed message id
      return new ParsedDelivery(List.of(new InboundEvent(request.header("webhook-id").orElseThrow(), "order.updated",
          Instant.ofEpochSecond(1_700_000_000L), doc)), null);
    }
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    ConnectorType type = ConnectorType.builder(Fixtures.TYPE_NAME, "1.0.0").configSchema("1", Fixtures.CONFIG_SCHEMA)
        .operation(OperationDescriptor.builder(Fixtures.OPERATION).modes(ExecutionMode.SYNC)
            .requestSchema(Fixtures.REQUEST_SCHEMA).responseSchema(Fixtures.RESPONSE_SCHEMA)
            .handler((context, input) -> HandlerResult.of(input)))
        .webhooks(new Source()).build();
    // audit events dropped, as in PipelineBenchmark: the delivery's own work is measured
    engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll()).auditSink(event -> { })
        .webhooks(WebhookConfig.builder(event -> { }).keys(new LocalKeyManagementService("bench")).build())
        .build();
    engine.instances().install(InstanceDefinition.builder(Fixtures.INSTANCE_ID, Fixtures.TYPE_NAME)
        .config(Fixtures.CONFIG).owner(OwnerScope.user("admin")).build(), ADMIN);
    engine.instances().enable(Fixtures.INSTANCE_ID, ADMIN);
    engine.webhooks().enable(Fixtures.INSTANCE_ID, "events", ADMIN);
    char[] secret = ((SecretOutcome.Issued) engine.webhooks().revealSecret(Fixtures.INSTANCE_ID, "events", ADMIN))
        .secret();
    key = Base64.getDecoder().decode(new String(secret).substring("whsec_".length()));
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    body = JSON.writeValueAsBytes(Fixtures.DOCUMENT);
    timestamp = Long.toString(Instant.now().getEpochSecond());
    duplicateId = "msg-duplicate";
    duplicateSignature = sign(duplicateId);
    expectedRaw = duplicateSignature.substring(3);
    require(deliver(duplicateId, duplicateSignature), WebhookResult.Accepted.class);
    require(deliver(duplicateId, duplicateSignature), WebhookResult.Duplicate.class);
    require(deliver("msg-forged", "v1," + Base64.getEncoder().encodeToString(new byte[32])),
        WebhookResult.Rejected.class);
    require(deliver("msg-first", sign("msg-first")), WebhookResult.Accepted.class);
  }

  private static void require(WebhookResult result, Class<?> expected) {
    if (!expected.isInstance(result)) {
      throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + result);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    engine.close();
  }

  private byte[] hmac(String id) {
    mac.update(id.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(body);
    return mac.doFinal();
  }

  private String sign(String id) {
    return "v1," + Base64.getEncoder().encodeToString(hmac(id));
  }

  private WebhookResult deliver(String id, String signature) {
    return engine.webhooks().deliver(Fixtures.INSTANCE_ID, "events", new WebhookDelivery(Map.of(
        "webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp), "webhook-signature", List.of(signature)),
        body, Instant.now()));
  }

  @Benchmark
  public byte[] rawHmac() {
    return hmac(duplicateId);
  }

  @Benchmark
  public JsonNode rawVerifyAndParse() throws Exception {
    if (!MessageDigest.isEqual(hmac(duplicateId), Base64.getDecoder().decode(expectedRaw))) {
      throw new IllegalStateException("no match");
    }
    return JSON.readTree(body);
  }

  @Benchmark
  public String rawSign() {
    return sign("msg-" + (++counter));
  }

  @Benchmark
  public WebhookResult deliverValid() {
    String id = "msg-" + (++counter);
    return deliver(id, sign(id));
  }

  @Benchmark
  public WebhookResult deliverForged() {
    return deliver("msg-forged", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  }

  @Benchmark
  public WebhookResult deliverDuplicate() {
    return deliver(duplicateId, duplicateSignature);
  }
}
