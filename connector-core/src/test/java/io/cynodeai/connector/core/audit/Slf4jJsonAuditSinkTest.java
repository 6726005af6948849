package io.cynodeai.connector.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/** The default audit sink never loses events for want of an SLF4J provider (SLF4J alone would drop them). */
@Tag("REQ-OBS-001")
class Slf4jJsonAuditSinkTest {
  private static final AuditEvent EVENT = AuditEvent.builder(AuditEventType.LIFECYCLE, Instant.EPOCH)
      .action("enable").instance("inst-1", "http").succeeded().build();

  @Test
  void withoutAnSlf4jProviderEventsGoToStandardErrorAsJsonLinesAfterOneNotice() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    AuditSink sink = Slf4jJsonAuditSink.orFallback(new NOPLoggerFactory(), stream);
    sink.record(EVENT);
    sink.record(EVENT);

    String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("connector audit: no SLF4J provider on the class path");
    assertThat(lines[1]).isEqualTo(Slf4jJsonAuditSink.toJson(EVENT)).contains("\"action\":\"enable\"");
    assertThat(lines[2]).isEqualTo(lines[1]);
  }

  @Test
  void withAProviderTheSinkLogsThroughSlf4jAndWritesNothingElse() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    AuditSink sink = Slf4jJsonAuditSink.orFallback(LoggerFactory.getILoggerFactory(),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(sink).isInstanceOf(Slf4jJsonAuditSink.class);
    assertThat(err.size()).isZero();
  }
}
