/** Engine internals; not an API, may change in any release. */
@NullMarked
package io.cynodeai.connector.core.internal;

import org.jspecify.annotations.NullMarked;
