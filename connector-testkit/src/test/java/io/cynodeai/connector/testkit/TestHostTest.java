package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthResult;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The public test host runs a connector through a real engine with its config, secrets and loopback egress. */
class TestHostTest {

  @Test
  void invokesSyncAndRunsJobsThroughTheEngineWithTheInstancesSecret() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config())
            .secret("apiKey", "k-123").start()) {
      Succeeded now = (Succeeded) host.invoke("current", json("{\"station\":\"KSEA\"}"));
      assertThat(now.response().data().at("/station/operatorEmail").asText()).isEqualTo("[REDACTED]");
      assertThat(provider.lastKey.get()).isEqualTo("k-123");

      Job job = host.runJob("current", json("{\"station\":\"KSEA\"}"));
      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(((Succeeded) job.outcome()).response().data().get("temperature").asDouble()).isEqualTo(11.5);
      assertThat(host.audit().events(e -> e.type() == AuditEventType.INVOCATION)).hasSize(2);
      assertThat(host.audit().events().toString()).doesNotContain("k-123");
    }
  }

  @Test
  void aConfigTheSchemaRefusesStopsTheStartWithTheReason() {
    assertThatThrownBy(() -> TestHost.builder(WeatherConnector.type()).config(json("{\"base\":1}")).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("install refused: VALIDATION_ERROR");
  }

  @Test
  void aRefusedJobSaysWhy() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config()).start()) {
      assertThatThrownBy(() -> host.submit("current", json("{}"), null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("job refused: VALIDATION_ERROR");
    }
  }

  @Test
  void tryStartReturnsTheHostWithTheRefusedInstall() {
    try (TestHost host = TestHost.builder(WeatherConnector.type()).config(json("{\"base\":1}")).tryStart()) {
      Failed refused = ((LifecycleOutcome.Refused) host.startOutcome()).failure();

      assertThat(refused.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(host.engine().instances().get(host.instanceId(), host.caller())).isEmpty();
      assertThatThrownBy(host::instance).isInstanceOf(IllegalStateException.class)
          .hasMessage("no instance test (see startOutcome())");
    }
  }

  @Test
  void tryStartReturnsTheHostWhoseHealthCheckFailedAndStartSaysWhy() throws Exception {
    ConnectorType failing = WeatherConnector.type().toBuilder()
        .healthCheck(ctx -> HealthResult.credentialsRejected("the key is revoked")).build();
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(failing).config(provider.config()).tryStart()) {
      LifecycleOutcome.Applied enabled = (LifecycleOutcome.Applied) host.startOutcome();

      assertThat(enabled.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(enabled.unhealthy()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("credential_expired"));
      assertThat(((Failed) host.invoke("current", json("{\"station\":\"KSEA\"}"))).code())
          .isEqualTo("instance_not_active");
      assertThatThrownBy(() -> TestHost.builder(failing).config(provider.config()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the instance is credential_expired after its health check: the key is revoked");
    }
  }

  @Test
  void aSecretChangedBehindTheEnginesBackIsReadOnTheNextLease() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config())
            .secret("apiKey", "k-1").start()) {
      host.invoke("current", json("{\"station\":\"KSEA\"}"));
      host.secret("apiKey", "k-2");
      host.invoke("current", json("{\"station\":\"KSEA\"}"));

      assertThat(provider.lastKey.get()).isEqualTo("k-2");
      assertThat(host.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  void checkDisableAndEnableActOnTheInstanceWithThePerInstanceEgressAskedEachTime() throws Exception {
    AtomicBoolean open = new AtomicBoolean(true);
    ConnectorType checked = WeatherConnector.type().toBuilder().healthCheck(ctx -> {
      ctx.network().httpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          ctx.config().get("baseUrl").asText() + "/")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
      return HealthResult.healthy();
    }).build();
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(checked).config(provider.config())
            .egress(instance -> open.get() ? EgressPolicy.loopbackOnly() : EgressPolicy.denyAll()).start()) {
      open.set(false);

      LifecycleOutcome.Applied failed = (LifecycleOutcome.Applied) host.check();
      assertThat(failed.instance().status()).isEqualTo(InstanceStatus.ERROR);
      open.set(true);
      assertThat(((LifecycleOutcome.Applied) host.disable()).instance().status())
          .isEqualTo(InstanceStatus.DISABLED);
      assertThat(((LifecycleOutcome.Applied) host.enable()).unhealthy()).isEmpty();
      assertThat(host.invokeWithNewKey("current", json("{\"station\":\"KSEA\"}"))).isInstanceOf(Succeeded.class);
    }
  }

  @Test
  void theEnginesDefaultEgressRefusesTheLoopbackProvider() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config())
            .engineDefaultEgress().start()) {
      Failed refused = (Failed) host.invoke("current", json("{\"station\":\"KSEA\"}"));

      assertThat(refused.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(refused.code()).isEqualTo("egress_denied");
      assertThat(provider.lastKey.get()).isNull();
    }
  }

  @Test
  void aRestartedHostFindsTheInstanceInTheStoresItIsGiven() throws Exception {
    Stores stores = Stores.inMemory(); // outlives the first engine, as a durable store would
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      TestHost first = TestHost.builder(WeatherConnector.type()).config(provider.config()).secret("apiKey", "k-1")
          .engine(b -> b.stores(stores)).start();
      try (TestHost restarted = first.restart(b -> b.stores(stores))) {
        assertThatThrownBy(() -> first.invoke("current", json("{\"station\":\"KSEA\"}")))
            .isInstanceOf(IllegalStateException.class).hasMessage("engine is closed");
        assertThat(restarted.startOutcome()).isInstanceOf(LifecycleOutcome.Applied.class);
        assertThat(restarted.invoke("current", json("{\"station\":\"KSEA\"}"))).isInstanceOf(Succeeded.class);
        assertThat(provider.lastKey.get()).isEqualTo("k-1");
        assertThat(restarted.audit()).isSameAs(first.audit());
      }
      assertThatThrownBy(() -> first.restart(b -> { })).isInstanceOf(IllegalStateException.class)
          .hasMessage("the restarted engine holds no instance test");
    }
  }
}
