/**
 * Hooks for tracing the engine's work (invocations, attempts, jobs, polls, webhook deliveries and the other
 * connector calls), default no-op.
 */
@NullMarked
package io.cynodeai.connector.core.observe;

import org.jspecify.annotations.NullMarked;
