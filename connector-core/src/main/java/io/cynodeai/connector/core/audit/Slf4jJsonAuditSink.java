package io.cynodeai.connector.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default audit sink: one JSON object per line at INFO on the logger {@value #LOGGER_NAME}, so a host
 * routes audit to its own appender. Thread-safe.
 */
public final class Slf4jJsonAuditSink implements AuditSink {
  /** The logger audit lines are written to. */
  public static final String LOGGER_NAME = "io.cynodeai.connector.audit";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private final Logger log;

  public Slf4jJsonAuditSink() {
    this(LoggerFactory.getLogger(LOGGER_NAME));
  }

  Slf4jJsonAuditSink(Logger log) {
    this.log = log;
  }

  /** The JSON line for an event. */
  public static String toJson(AuditEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit event not serializable", e);
    }
  }

  @Override
  public void record(AuditEvent event) {
    if (log.isInfoEnabled()) {
      log.info(toJson(event));
    }
  }
}
