/** Registered connector types and their validation at load. */
@NullMarked
package io.cynodeai.connector.core.internal.catalog;

import org.jspecify.annotations.NullMarked;
