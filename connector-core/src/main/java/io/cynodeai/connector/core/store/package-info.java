/** The backends an engine keeps its state in: {@link io.cynodeai.connector.core.store.Stores} and the in-memory stores. */
@NullMarked
package io.cynodeai.connector.core.store;

import org.jspecify.annotations.NullMarked;
