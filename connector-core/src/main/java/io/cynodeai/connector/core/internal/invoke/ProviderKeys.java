package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The idempotency key a connector may hand its provider ({@code OperationContext.idempotencyKey()}): a digest,
 * so neither the caller's key nor its tenant leaves the engine, and two tenants using the same key on a shared
 * instance never collide at the provider.
 */
final class ProviderKeys {
  private ProviderKeys() {}

  /**
   * For a keyed call, a digest of its scope (tenant, instance, operation) and key; for a job (async mode,
   * whose stored request keeps its request id across attempts and re-runs), of that request id; else null.
   */
  static @Nullable String of(InvocationRequest request) {
    if (request.idempotencyKey() != null) {
      return digest("call", IdempotencyStage.tenant(request.caller()), request.instanceId(), request.operation(),
          request.idempotencyKey());
    }
    if (request.mode() == ExecutionMode.ASYNC) {
      return digest("job", request.instanceId(), request.operation(), request.requestId());
    }
    return null;
  }

  private static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (bytes.length >>> 24));
        sha.update((byte) (bytes.length >>> 16));
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
