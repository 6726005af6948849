package io.cynodeai.connector.sandbox.internal;

import java.io.IOException;

/**
 * A forwarded HTTP exchange failed in the parent (egress denied, connection refused, ...). The child reports
 * whether one is in a failure's cause chain, so the parent can attach its own original exception and the engine
 * classifies the call exactly as it would in-process.
 */
final class ForwardedHttpException extends IOException {
  private static final long serialVersionUID = 1L;

  ForwardedHttpException(String message) {
    super(message);
  }
}
