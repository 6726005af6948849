package io.cynodeai.connector.api.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of audited event. */
public enum AuditEventType {
  /** An operation invocation, whatever its outcome (including denials and validation errors). */
  INVOCATION,
  /** An instance lifecycle change: install, update, enable, disable, uninstall, status change. */
  LIFECYCLE,
  /** A health check run by the engine. */
  HEALTH_CHECK,
  /** A connection the egress guard refused (§7). */
  EGRESS,
  /** An async job's state transition (§2.2): submitted, running, succeeded, failed, canceled, requeued. */
  JOB,
  /** A declarative spec applied, refused, deleted or re-applied over drift. */
  SPEC,
  /** A poll of a polling instance for inbound events (§11): events delivered, cursor moved, or the failure. */
  POLL,
  /**
   * A webhook delivery (accepted, duplicate, or rejected with the reason) or a change to a webhook
   * subscription or its secret (§11). Never carries the body, a header value or a secret.
   */
  WEBHOOK,
  /**
   * A change to the connector catalog (§13): a type version submitted, reviewed, approved, rejected,
   * deprecated or retired, or a feature flag set; refused requests included.
   */
  CATALOG;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
