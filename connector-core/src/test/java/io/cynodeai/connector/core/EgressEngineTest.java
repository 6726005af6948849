package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.spi.HandlerResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The egress guard wired into an engine: a refused connection is a policy denial, audited. */
@Tag("REQ-EGRESS-001")
class EgressEngineTest {

  @Test
  void aConnectionOutsideTheAllowlistFailsTheCallAsPolicyDeniedAndIsAudited() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("fetcher", TestTypes.echo((ctx, input) -> {
      ctx.network().httpClient().send(HttpRequest.newBuilder(URI.create("http://169.254.169.254/latest/meta-data/"
          + "iam?token=abc")).build(), HttpResponse.BodyHandlers.ofString());
      return HandlerResult.of(input);
    })).build(), b -> b.egress(instance -> EgressPolicy.builder().allow("https://api.example.com:443").build())
        .hostResolver(new TestResolver()))) {

      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(outcome).isInstanceOf(Failed.class);
      Failed failed = (Failed) outcome;
      assertThat(failed.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(failed.code()).isEqualTo("egress_denied");
      assertThat(failed.message()).isEqualTo(
          "egress denied: http://169.254.169.254:80 is not in the instance's egress allowlist");
      AuditEvent egress = h.audit.events(e -> e.type() == AuditEventType.EGRESS).get(0);
      assertThat(egress.connectorInstanceId()).isEqualTo("inst-1");
      assertThat(egress.errorCode()).isEqualTo("host_not_allowed");
      assertThat(egress.details()).containsAllEntriesOf(Map.of("scheme", "http", "host", "169.254.169.254",
          "port", "80"));
      assertThat(h.audit.last().type()).isEqualTo(AuditEventType.INVOCATION);
      assertThat(h.audit.last().errorCode()).isEqualTo("egress_denied");
      assertThat(h.audit.events().toString()).doesNotContain("token=abc").doesNotContain("meta-data");
    }
  }

  @Test
  void aConnectorThatWrapsTheDenialIsStillReportedAsPolicyDenied() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("wrapper", TestTypes.echo((ctx, input) -> {
      try {
        ctx.network().socketFactory().createSocket("10.0.0.7", 25);
      } catch (IOException e) {
        throw new IllegalStateException("smtp unavailable", e);
      }
      return HandlerResult.of(input);
    })).build(), b -> b.egress(instance -> EgressPolicy.builder().allow("tcp://*:25").build()))) {

      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(outcome).isInstanceOf(Failed.class);
      assertThat(((Failed) outcome).failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(((Failed) outcome).message()).isEqualTo(
          "egress denied: 10.0.0.7 is a private address, and no allowed address range covers it");
    }
  }
}
