/** Backend interfaces a host may replace: where instances and idempotency records are kept. */
@NullMarked
package io.cynodeai.connector.api.store;

import org.jspecify.annotations.NullMarked;
