/**
 * Backend interfaces a host may replace: where instances, idempotency records, jobs, dead letters and
 * cursors are kept.
 */
@NullMarked
package io.cynodeai.connector.api.store;

import org.jspecify.annotations.NullMarked;
