package io.cynodeai.connector.reference.http.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code http} health check, run by the engine when an instance is enabled. */
class HttpConnectorHealthCheckTest {

  @ParameterizedTest
  @ValueSource(ints = {200, 204, 404, 405, 501})
  void instanceIsActiveWhenTheBaseUrlAnswers(int status) {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("", Reply.status(status));

      assertThat(reenable(h)).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(server.received("")).last().satisfies(r -> assertThat(r.method()).isEqualTo("HEAD"));
    }
  }

  @Test
  void instanceIsInErrorWhenTheServerIsFailing() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("", Reply.status(503));

      assertThat(reenable(h)).isEqualTo(InstanceStatus.ERROR);
      assertThat(h.instance().lastError().message()).isEqualTo("the base URL answered HTTP 503");
    }
  }

  @Test
  void instanceIsInErrorWhenTheServerIsUnreachable() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.close();

      assertThat(reenable(h)).isEqualTo(InstanceStatus.ERROR);
      assertThat(h.instance().lastError().code()).isEqualTo("health_check_failed");
    }
  }

  private static InstanceStatus reenable(TestHost h) {
    h.disable();
    h.enable();
    return h.instance().status();
  }
}
