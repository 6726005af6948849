/** Embedded backends: in-memory instance and idempotency stores. */
@NullMarked
package io.cynodeai.connector.core.store;

import org.jspecify.annotations.NullMarked;
