package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Outcome;
import java.util.List;

/**
 * One invocation's walk through a list of {@link Interceptor}s: each {@link #proceed()} runs the next link,
 * and the last link answers without proceeding. Confined to the invoking thread; a link proceeds at most once.
 */
final class Chain {
  private final List<Interceptor> links;
  private final Invocation invocation;
  private int next;

  Chain(List<Interceptor> links, Invocation invocation) {
    this.links = links;
    this.invocation = invocation;
  }

  Invocation invocation() {
    return invocation;
  }

  /** Runs the rest of the chain. */
  Outcome proceed() {
    if (next >= links.size()) {
      throw new IllegalStateException("the last link of the chain must answer, not proceed");
    }
    return links.get(next++).intercept(this);
  }
}
