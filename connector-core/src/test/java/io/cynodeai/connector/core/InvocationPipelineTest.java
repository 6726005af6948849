package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.spi.HandlerResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InvocationPipelineTest {

  @Test
  @Tag("REQ-NORM-001")
  @Tag("REQ-OBS-001")
  void successfulCallReturnsEnvelopeAndAuditsIt() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("echo",
        TestTypes.echo((ctx, in) -> HandlerResult.of(in).withProviderStatus(200))).build())) {
      Outcome out = h.invoke("echo", "{\"text\":\"hi\"}");
      assertThat(out).isInstanceOf(Succeeded.class);
      Succeeded s = (Succeeded) out;
      assertThat(s.response().data()).isEqualTo(json("{\"text\":\"hi\"}"));
      assertThat(s.response().truncated()).isFalse();
      assertThat(s.response().metadata().providerStatusCode()).isEqualTo(200);
      assertThat(s.response().metadata().operation()).isEqualTo("echo");
      AuditEvent event = h.audit.last();
      assertThat(event.type()).isEqualTo(AuditEventType.INVOCATION);
      assertThat(event.outcome()).isEqualTo("succeeded");
      assertThat(event.requestId()).isEqualTo(s.response().metadata().requestId());
      assertThat(event.userId()).isEqualTo("alice");
      assertThat(event.projectId()).isEqualTo("proj-a");
      assertThat(event.providerStatusCode()).isEqualTo(200);
    }
  }

  @Test
  @Tag("REQ-SCHEMA-006")
  void inputBreakingTheSchemaIsAValidationErrorWithPointers() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("echo",
        TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())) {
      Outcome out = h.invoke("echo", "{\"text\":5,\"extra\":true}");
      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(f.code()).isEqualTo("schema_violation");
      assertThat(f.violations()).extracting(v -> v.pointer()).contains("/text", "");
    }
  }
}
