package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sandboxed connector served by a real engine: every call runs in a real child JVM; its HTTP reaches local
 * servers only through the parent's egress guard; limits end misbehaving children with typed failures.
 */
class SandboxedEngineTest {
  static final Caller ALICE = Caller.user("alice", "proj-a");
  static final String CANARY = "canary-7f3e-sandbox-token";
  static final SandboxLimits LIMITS = SandboxLimits.defaults().withMaxHeapMegabytes(32)
      .withMaxOutputBytes(256 * 1024);

  static HttpServer allowed;
  static HttpServer denied;
  static final AtomicInteger deniedHits = new AtomicInteger();
  static final AtomicReference<String> seenRequest = new AtomicReference<>();
  static RecordingAuditSink audit;
  static ConnectorEngine engine;

  @BeforeAll
  static void start() throws Exception {
    allowed = server(exchange -> {
      seenRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Probe") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      return "pong";
    });
    denied = server(exchange -> {
      deniedHits.incrementAndGet();
      return "secret internal data";
    });
    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(), List.of(fixtures()), LIMITS);
    audit = new RecordingAuditSink();
    engine = ConnectorEngines.builder().register(type).auditSink(audit).policy(PolicyEngine.allowAll())
        .egress(instance -> EgressPolicy.builder().allow("http://127.0.0.1:" + allowed.getAddress().getPort())
            .allowAddressRange("127.0.0.1/32").build())
        .credentials(CredentialVault.of(SecretProviders.environment(Map.of("TOKEN", CANARY))),
            instance -> Map.of("token", SecretRef.parse("env:TOKEN")))
        .build();
    assertThat(engine.instances().install(InstanceDefinition.builder("inst-1", "untrusted")
        .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("inst-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  @AfterAll
  static void stop() {
    engine.close();
    allowed.stop(0);
    denied.stop(0);
  }

  static Path fixtures() throws URISyntaxException {
    return Path.of(UntrustedConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  interface Reply {
    String body(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
  }

  static HttpServer server(Reply reply) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", exchange -> {
      byte[] body = reply.body(exchange).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    s.start();
    return s;
  }

  static Outcome invoke(String operation, String input) {
    return engine.invoke(InvocationRequest.of("inst-1", operation, JsonResources.parse(input), ALICE));
  }

  static Failed failed(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Failed.class);
    return (Failed) outcome;
  }

  /** The child once it is the JVM, no longer the {@code taskset} that starts it. */
  private static Optional<ProcessHandle> pinnedChild() {
    return children().stream()
        .filter(p -> p.info().command().map(c -> !c.endsWith("/taskset")).orElse(false)).findFirst();
  }

  static List<ProcessHandle> children() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(
            "io.cynodeai.connector.sandbox.internal.SandboxMain")).orElse(false))
        .toList();
  }

  @Test
  @Tag("REQ-EGRESS-005")
  void theTypesDeclarationsComeFromTheChildAndACallIsServedThroughTheEngine() throws Exception {
    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(), List.of(fixtures()),
        LIMITS);
    assertThat(type.coordinates()).isEqualTo("untrusted@1.2.0");
    assertThat(type.operation("echo").orElseThrow().redactions()).hasSize(1);
    assertThat(type.operation("spin").orElseThrow().maxTimeout().toMillis()).isEqualTo(2500);

    Outcome outcome = invoke("echo", "{\"text\":\"hi\"}");

    assertThat(outcome).isInstanceOf(Succeeded.class);
    JsonNode data = ((Succeeded) outcome).response().data();
    assertThat(data.path("text").asText()).isEqualTo("hi");
    assertThat(((Succeeded) outcome).response().warnings()).contains("from inst-1");
    assertThat(children()).isEmpty();
  }

  @Test
  @Tag("REQ-EGRESS-005")
  void aProviderClassThatDoesNotExistFailsToLoadTyped() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxedConnectors.load("com.example.Missing",
        List.of(), LIMITS)).isInstanceOfSatisfying(SandboxLoadException.class,
            e -> assertThat(e.code()).isEqualTo("sandbox_crashed"));
  }

  @Test
  @Tag("REQ-EGRESS-007")
  void httpReachesAnAllowedServerOnlyThroughTheParentsEgress() {
    Outcome ok = invoke("fetch", "{\"url\":\"http://127.0.0.1:" + allowed.getAddress().getPort() + "/x\"}");

    assertThat(ok).isInstanceOf(Succeeded.class);
    assertThat(((Succeeded) ok).response().data().path("body").asText()).isEqualTo("pong");
    assertThat(((Succeeded) ok).response().data().path("status").asInt()).isEqualTo(200);
    assertThat(seenRequest.get()).isEqualTo("POST 1 ping");

    Failed refused = failed(invoke("fetch", "{\"url\":\"http://127.0.0.1:" + denied.getAddress().getPort()
        + "/admin\"}"));
    assertThat(refused.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(refused.code()).isEqualTo("egress_denied");
    assertThat(deniedHits).hasValue(0);
    assertThat(audit.events(e -> e.type() == AuditEventType.EGRESS)).isNotEmpty();
    assertThat(audit.last().errorCode()).isEqualTo("egress_denied");
  }

  @Test
  @Tag("REQ-EGRESS-007")
  void aDirectSocketInsideTheChildIsRefused() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      CompletableFuture.runAsync(() -> {
        try {
          listener.accept().close();
          accepted.incrementAndGet();
        } catch (IOException e) {
          // closed at the end of the test
        }
      });

      Failed f = failed(invoke("socket", "{\"port\":" + listener.getLocalPort() + "}"));

      assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(f.code()).isEqualTo("sandbox_violation");
      assertThat(f.message()).contains("network: java.net.ConnectException");
      assertThat(accepted).hasValue(0);
    }
  }

  @Test
  @Tag("REQ-EGRESS-006")
  void aMemoryHogEndsTyped() {
    Failed f = failed(invoke("hog", "{}"));

    assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(f.code()).as(f.message()).isEqualTo("sandbox_crashed");
    assertThat(f.message()).contains("exit code 3").contains("memory limit of 32 MB");
  }

  @Test
  @Tag("REQ-EGRESS-006")
  void aBusyLoopIsKilledAtTheTimeoutAndSecretsNeverReachTheCommandLine() throws Exception {
    CompletableFuture<Outcome> call = CompletableFuture.supplyAsync(() -> invoke("spin", "{}"));
    Optional<ProcessHandle> child = children().stream().findFirst();
    for (int i = 0; i < 500 && child.isEmpty(); i++) {
      Thread.sleep(20); // polling with a deadline (10 s) for the child process: there is no notification
      child = children().stream().findFirst();
    }
    assertThat(child).as("the child JVM runs while the call is in flight").isPresent();
    String[] args = child.get().info().arguments().orElseThrow();
    assertThat(List.of(args)).contains("-Xmx32m", "-XX:ActiveProcessorCount=1")
        .noneMatch(a -> a.contains(CANARY));
    for (ProcessHandle p : children()) { // the wrappers outside (prlimit, sh, bwrap) and the JVM inside
      Path environ = Path.of("/proc/" + p.pid() + "/environ");
      if (Files.isReadable(environ)) {
        assertThat(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0"))
            .as("the child's environment holds nothing but its working directory").isSubsetOf("", "PWD=/tmp", "PWD=/");
      }
    }

    Failed f = failed(call.get(30, TimeUnit.SECONDS));

    assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(f.code()).isEqualTo("timeout");
    child.get().onExit().get(5, TimeUnit.SECONDS);
    assertThat(child.get().isAlive()).isFalse();
    assertThat(children()).isEmpty();
    assertThat(audit.events().toString()).doesNotContain(CANARY);
    assertThat(f.toString()).doesNotContain(CANARY);
  }

  @Test
  @Tag("REQ-EGRESS-006")
  void twoBusyThreadsInTheChildShareOneProcessor() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")),
        "CPU pinning needs Linux's taskset");
    CompletableFuture<Outcome> call = CompletableFuture.supplyAsync(() -> invoke("cores", "{\"ms\":3000}"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // the child starts as taskset, which pins itself and then execs the JVM: read the status after the exec
    Optional<ProcessHandle> found = pinnedChild();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling with a deadline for the child process to appear: there is no notification
      found = pinnedChild();
    }
    ProcessHandle child = found.orElseThrow(() -> new AssertionError("no child JVM started"));
    String status = Files.readString(Path.of("/proc/" + child.pid() + "/status"));
    assertThat(status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow())
        .as("the child may run on one CPU").matches("Cpus_allowed_list:\\s+\\d+");

    Duration cpuBefore = child.info().totalCpuDuration().orElseThrow();
    long wallStart = System.nanoTime();
    new CountDownLatch(1).await(1000, TimeUnit.MILLISECONDS); // the interval over which CPU use is measured
    Duration cpu = child.info().totalCpuDuration().orElseThrow().minus(cpuBefore);
    Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
    assertThat(cpu).as("two spinning threads used at most one processor's time (" + wall.toMillis() + " ms)")
        .isLessThanOrEqualTo(wall.multipliedBy(11).dividedBy(10).plusMillis(20));

    assertThat(call.get(30, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
  }

  @Test
  @Tag("REQ-EGRESS-006")
  void oversizedOutputIsRefusedOnStdoutAndStderr() {
    Failed big = failed(invoke("big", "{\"size\":" + 400 * 1024 + "}"));
    assertThat(big.code()).isEqualTo("sandbox_output_exceeded");
    assertThat(big.failureClass()).isEqualTo(FailureClass.PERMANENT);

    Failed flood = failed(invoke("flood", "{}"));
    assertThat(flood.code()).isEqualTo("sandbox_output_exceeded");

    Outcome small = invoke("big", "{\"size\":1000}");
    assertThat(small).isInstanceOf(Succeeded.class);
  }

  @Test
  @Tag("REQ-EGRESS-005")
  void whatTheChildLogsOrPrintsNeverReachesTheHostsOutput() {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Outcome outcome;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      System.setOut(capture);
      outcome = invoke("leaky", "{}");
    } finally {
      System.setErr(err);
      System.setOut(out);
    }

    assertThat(outcome).isInstanceOf(Succeeded.class);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY).doesNotContain("the token is");
    assertThat(audit.events().toString()).doesNotContain(CANARY);
    assertThat(outcome.toString()).doesNotContain(CANARY);
  }

  @Test
  @Tag("REQ-EGRESS-005")
  void credentialsAreLeasedToTheChildOnRequestAndNeverLeakIntoOutcomesOrAudit() {
    Outcome outcome = invoke("secret", "{}");

    assertThat(outcome).isInstanceOf(Succeeded.class);
    JsonNode data = ((Succeeded) outcome).response().data();
    assertThat(data.path("length").asInt()).isEqualTo(CANARY.length());
    assertThat(data.path("startsWith").asText()).isEqualTo("c");
    assertThat(audit.events().toString()).doesNotContain(CANARY);
  }
}
