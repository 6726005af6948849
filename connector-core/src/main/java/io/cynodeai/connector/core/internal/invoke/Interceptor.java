package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Outcome;

/**
 * One link of the invocation chain, in the style of OkHttp's interceptors: its work before the rest of the
 * chain, {@link Chain#proceed()}, and its work after, in one method, so what a link acquires (a concurrency
 * permit, an idempotency claim) is given back in its own {@code finally}.
 */
interface Interceptor {

  /** The invocation's outcome: a refusal without proceeding, or what the rest of the chain answered. */
  Outcome intercept(Chain chain);

  /** A check with no after work: its refusal ends the call, else the call proceeds. */
  static Interceptor check(Stage stage) {
    return chain -> {
      Failed refused = stage.apply(chain.invocation());
      return refused != null ? refused : chain.proceed();
    };
  }
}
