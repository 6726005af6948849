package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the {@code http} connector's failures are classified (§5.1), and what they do to the instance. */
@Tag("REQ-RETRY-001")
class HttpConnectorClassificationTest {

  @Test
  void unauthorizedRejectsTheCredentialsAndMarksTheInstanceCredentialExpired() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/me", Reply.status(401).header("WWW-Authenticate", "Bearer realm=\"api\""));

      Outcome out = h.invoke("get", json("{\"path\":\"/me\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "credentials_rejected",
          "HTTP 401 from GET /me: the provider rejected the credentials", false, 401, null, List.of()));
      assertThat(server.received("/me")).hasSize(1);
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      Outcome next = h.invoke("get", json("{\"path\":\"/me\"}"));
      assertThat(((Failed) next).code()).isEqualTo("instance_not_active");
      assertThat(server.received("/me")).hasSize(1);
    }
  }

  @Test
  void forbiddenIsPermanentAndLeavesTheInstanceActive() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/admin", Reply.status(403));

      Outcome out = h.invoke("get", json("{\"path\":\"/admin\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_403",
          "HTTP 403 from GET /admin", false, 403, null, List.of()));
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  void redirectIsNotFollowed() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/moved", Reply.status(302).header("Location", "/api/elsewhere"));
      server.on("/elsewhere", Reply.json(200, "{}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/moved\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_302",
          "HTTP 302 from GET /moved: redirects are not followed", false, 302, null, List.of()));
      assertThat(server.received("/moved")).hasSize(1);
      assertThat(server.received("/elsewhere")).isEmpty();
    }
  }

  @Test
  void notFoundIsPermanent() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      Outcome out = h.invokeWithNewKey("send", json("{\"method\":\"DELETE\",\"path\":\"/items/9\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_404",
          "HTTP 404 from DELETE /items/9", false, 404, null, List.of()));
    }
  }

  @Test
  void unreachableProviderIsATransientNetworkError() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.close();

      Outcome out = h.invoke("get", json("{\"path\":\"/items\"}"));

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("network_error");
      assertThat(f.providerStatus()).isNull();
    }
  }
}
