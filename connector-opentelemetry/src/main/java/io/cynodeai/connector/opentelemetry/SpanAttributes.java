package io.cynodeai.connector.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of the engine's spans. The OpenTelemetry semantic conventions' own keys where one fits
 * ({@code error.type}, {@code http.response.status_code}), else the {@code connector.} namespace. Every value
 * is an id, a name, an outcome, a code or a count: never an input, a result, a message or a credential.
 */
public final class SpanAttributes {
  /** The connector instance's id. */
  public static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("connector.instance.id");
  /** The operation's name. */
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("connector.operation");
  /** The request's id. */
  public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("connector.request.id");
  /** The request's correlation id (a caller's W3C trace id when it sent one). */
  public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("connector.correlation.id");
  /** {@code sync} or {@code async}. */
  public static final AttributeKey<String> MODE = AttributeKey.stringKey("connector.execution.mode");
  /** The job's id, on a job run. */
  public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("connector.job.id");
  /** The 1-based number of an attempt or a job run. */
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("connector.attempt");
  /** Whether a poll was started by the engine's schedule (else by a host's call). */
  public static final AttributeKey<Boolean> SCHEDULED = AttributeKey.booleanKey("connector.poll.scheduled");
  /** The webhook subscription a delivery was sent to, or a parse or provider subscription call is for. */
  public static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("connector.webhook.subscription");
  /**
   * The kind of connector call other than an operation or a poll: {@code health_check}, {@code webhook_parse},
   * {@code subscribe}, {@code renew} or {@code unsubscribe}.
   */
  public static final AttributeKey<String> CALL = AttributeKey.stringKey("connector.call");
  /** {@code succeeded} or {@code failed}. */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("connector.outcome");
  /** The failure's class ({@code transient}, {@code permanent}, {@code policy_denied}, ...). */
  public static final AttributeKey<String> FAILURE_CLASS = AttributeKey.stringKey("connector.failure.class");
  /** The failure's code, as the semantic conventions' error type. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** The provider's last HTTP status. */
  public static final AttributeKey<Long> PROVIDER_STATUS = AttributeKey.longKey("http.response.status_code");
  /** How many times the work was retried. */
  public static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("connector.retry.count");

  private SpanAttributes() {}
}
