package io.cynodeai.connector.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeCodecTest {

  @Test
  void succeededRoundTripsEqual() {
    Succeeded s = new Succeeded(new NormalizedResponse(new ResponseMetadata("r1", "c1", "inst", "http", "1.0.0",
        "get", ExecutionMode.ASYNC, 200, 2, 15, Instant.parse("2025-01-01T00:00:00.123456789Z")),
        JsonResources.parse("{\"a\":[1,2,{\"b\":null}]}"), List.of("w"), List.of("/a/0"), true));
    assertThat(OutcomeCodec.read(OutcomeCodec.write(s))).isEqualTo(s);
  }

  @Test
  void failedRoundTripsEqual() {
    Failed f = new Failed(FailureClass.QUOTA_EXCEEDED, "rate_limited", "slow down", true, 429,
        Duration.ofMillis(1500), List.of(new Violation("/x", "bad")));
    assertThat(OutcomeCodec.read(OutcomeCodec.write(f))).isEqualTo(f);
    Failed bare = Failed.of(FailureClass.PERMANENT, "handler_error", "boom");
    assertThat(OutcomeCodec.read(OutcomeCodec.write(bare))).isEqualTo(bare);
  }
}
