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
 * routes audit to its own appender. Without an SLF4J provider on the class path SLF4J would drop every line, so
 * the engine's default is {@link #orStandardError()}: this sink where SLF4J logs, the same JSON lines on standard
 * error where it cannot. Thread-safe.
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

  /**
   * This sink when SLF4J has a provider; otherwise one that writes the same JSON lines to standard error, after a
   * one-line notice there saying so: audit events are never dropped for want of a logging backend.
   */
  public static AuditSink orStandardError() {
    return orFallback(LoggerFactory.getILoggerFactory(), System.err);
  }

  /** As {@link #orStandardError()}, judging {@code factory} and falling back to {@code fallback}. */
  static AuditSink orFallback(org.slf4j.ILoggerFactory factory, java.io.PrintStream fallback) {
    if (!(factory instanceof org.slf4j.helpers.NOPLoggerFactory)) {
      return new Slf4jJsonAuditSink(factory.getLogger(LOGGER_NAME));
    }
    fallback.println("connector audit: no SLF4J provider on the class path; audit events are written to standard"
        + " error as JSON lines (add a provider, or EngineBuilder.auditSink, to route them)");
    return event -> {
      synchronized (fallback) {
        fallback.println(toJson(event));
      }
    };
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
