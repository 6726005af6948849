package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import org.jspecify.annotations.Nullable;

/** One step of the pipeline: it either lets the invocation continue (null) or ends it with a failure. */
interface Stage {
  @Nullable Failed apply(Invocation invocation);
}
