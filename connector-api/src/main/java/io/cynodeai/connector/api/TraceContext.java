package io.cynodeai.connector.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a W3C Trace Context {@code traceparent} header ({@code 00-<trace-id>-<parent-id>-<flags>}).
 * The engine uses the trace id as an invocation's correlation id, so audit events join the caller's trace.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero
 * @param flags 2 hex digits ({@code 01} = sampled)
 */
public record TraceContext(String traceId, String parentId, String flags) {
  private static final Pattern HEADER = Pattern.compile(
      "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  public TraceContext {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(flags, "flags");
  }

  /**
   * Parses a {@code traceparent} header. Following the W3C rules, an invalid header (wrong shape, version
   * {@code ff}, all-zero ids, or extra fields on version {@code 00}) is ignored: the result is empty.
   */
  public static Optional<TraceContext> parse(@Nullable String header) {
    if (header == null) {
      return Optional.empty();
    }
    var m = HEADER.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)
        || m.group(2).chars().allMatch(c -> c == '0') || m.group(3).chars().allMatch(c -> c == '0')) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(m.group(2), m.group(3), m.group(4)));
  }
}
