package io.cynodeai.connector.core.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryHeadersTest {
  @Test
  void aNameIsMatchedExactlyOrElseIgnoringCase() {
    DeliveryHeaders headers = new DeliveryHeaders(Map.of("webhook-id", List.of("msg_1"),
        "Webhook-Timestamp", List.of("1700000000")));

    assertThat(headers.header("webhook-id")).hasValue("msg_1");
    assertThat(headers.header("WEBHOOK-ID")).hasValue("msg_1");
    assertThat(headers.header("webhook-timestamp")).hasValue("1700000000");
    assertThat(headers.header("webhook-signature")).isEmpty();
  }

  @Test
  void anExactNameWithoutAValueFallsBackToAnotherCaseThatHasOne() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("webhook-id", List.of());
    map.put("Webhook-Id", List.of("msg_2"));

    assertThat(new DeliveryHeaders(map).header("webhook-id")).hasValue("msg_2");
    assertThat(new DeliveryHeaders(Map.of("webhook-id", List.of())).header("webhook-id")).isEmpty();
  }

  @Test
  void theExactNameWinsOverAnotherCaseWhicheverComesFirst() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("Webhook-Id", List.of("other-case"));
    map.put("webhook-id", List.of("exact"));

    assertThat(new DeliveryHeaders(map).header("webhook-id")).hasValue("exact");
  }
}
