package io.cynodeai.connector.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A caller's W3C Trace Context: the parts of its {@code traceparent} header
 * ({@code 00-<trace-id>-<parent-id>-<flags>}) and, optionally, its {@code tracestate} header. The engine uses
 * the trace id as an invocation's correlation id, so audit events join the caller's trace, and a tracer
 * ({@code connector-opentelemetry}) makes the caller's span the parent of the invocation's. Immutable.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero
 * @param flags 2 lower-case hex digits ({@code 01} = sampled)
 * @param state the vendors' {@code tracestate} list as received, or null when there was none (or it was invalid)
 */
public record TraceContext(String traceId, String parentId, String flags, @Nullable String state) {
  private static final Pattern HEADER = Pattern.compile(
      "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern PARENT_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern FLAGS = Pattern.compile("[0-9a-f]{2}");
  /** One {@code tracestate} list member: a key (simple or {@code tenant@system}), {@code =}, a value. */
  private static final Pattern STATE_MEMBER = Pattern.compile(
      "[ \\t]*(?:[a-z][a-z0-9_\\-*/]{0,255}|[a-z0-9][a-z0-9_\\-*/]{0,240}@[a-z][a-z0-9_\\-*/]{0,13})"
          + "=[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e][ \\t]*");
  private static final int MAX_STATE_MEMBERS = 32;
  private static final int MAX_STATE_LENGTH = 512;

  /**
   * @throws IllegalArgumentException when an id or the flags are not of the W3C form, or {@code state} is not a
   *     valid {@code tracestate} list
   */
  public TraceContext {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(flags, "flags");
    if (!TRACE_ID.matcher(traceId).matches() || allZero(traceId)) {
      throw new IllegalArgumentException("traceId must be 32 lower-case hex digits, not all zero");
    }
    if (!PARENT_ID.matcher(parentId).matches() || allZero(parentId)) {
      throw new IllegalArgumentException("parentId must be 16 lower-case hex digits, not all zero");
    }
    if (!FLAGS.matcher(flags).matches()) {
      throw new IllegalArgumentException("flags must be 2 lower-case hex digits");
    }
    if (state != null && !validState(state)) {
      throw new IllegalArgumentException("state is not a valid W3C tracestate list (at most " + MAX_STATE_MEMBERS
          + " key=value members, " + MAX_STATE_LENGTH + " characters)");
    }
  }

  /** A trace context without a {@code tracestate}. */
  public TraceContext(String traceId, String parentId, String flags) {
    this(traceId, parentId, flags, null);
  }

  /**
   * Parses a {@code traceparent} header. Following the W3C rules, an invalid header (wrong shape, version
   * {@code ff}, all-zero ids, or extra fields on version {@code 00}) is ignored: the result is empty.
   */
  public static Optional<TraceContext> parse(@Nullable String header) {
    return parse(header, null);
  }

  /**
   * Parses a {@code traceparent} header and its {@code tracestate} companion. An invalid {@code traceparent}
   * gives an empty result and its {@code tracestate} is not looked at; an invalid {@code tracestate} alone is
   * dropped (the W3C rules let a receiver discard it) and the trace context kept.
   */
  public static Optional<TraceContext> parse(@Nullable String traceparent, @Nullable String tracestate) {
    if (traceparent == null) {
      return Optional.empty();
    }
    var m = HEADER.matcher(traceparent.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)
        || allZero(m.group(2)) || allZero(m.group(3))) {
      return Optional.empty();
    }
    String state = tracestate == null || tracestate.isBlank() || !validState(tracestate) ? null : tracestate.trim();
    return Optional.of(new TraceContext(m.group(2), m.group(3), m.group(4), state));
  }

  /** Whether the caller sampled its trace (the {@code sampled} flag). */
  public boolean sampled() {
    return (Integer.parseInt(flags, 16) & 1) == 1;
  }

  /** This context as a version {@code 00} {@code traceparent} header value, to pass on. */
  public String traceparent() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }

  @Override
  public String toString() {
    return traceparent() + (state == null ? "" : " (tracestate: " + state.length() + " chars)");
  }

  private static boolean validState(String state) {
    if (state.length() > MAX_STATE_LENGTH) {
      return false;
    }
    String[] members = state.split(",", -1);
    if (members.length > MAX_STATE_MEMBERS) {
      return false;
    }
    for (String member : members) {
      if (!member.isBlank() && !STATE_MEMBER.matcher(member).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String hex) {
    return hex.chars().allMatch(c -> c == '0');
  }
}
