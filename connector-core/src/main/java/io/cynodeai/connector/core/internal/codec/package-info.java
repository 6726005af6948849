/** How engine values are written to and read from durable stores: outcomes as JSON, input fingerprints. */
@NullMarked
package io.cynodeai.connector.core.internal.codec;

import org.jspecify.annotations.NullMarked;
