/** Async jobs: submit, the worker pool that claims and runs them with leases, cancel and dead letters. */
@NullMarked
package io.cynodeai.connector.core.internal.jobs;

import org.jspecify.annotations.NullMarked;
