/** The invocation pipeline, one small stage per concern. */
@NullMarked
package io.cynodeai.connector.core.internal.invoke;

import org.jspecify.annotations.NullMarked;
