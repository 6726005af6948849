/** Timeouts, retries, the global retry budget and per-instance circuit breakers, on Failsafe. */
@NullMarked
package io.cynodeai.connector.core.internal.resilience;

import org.jspecify.annotations.NullMarked;
