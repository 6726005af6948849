package io.cynodeai.connector.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an operation runs (§2.1): blocking request/response, or a job whose result is fetched later. */
public enum ExecutionMode {
  SYNC,
  ASYNC;

  /** The lower-case name used in schemas, audit events and policy contexts. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
