/** The contexts handed to connectors, and the default credential and network seams. */
@NullMarked
package io.cynodeai.connector.core.internal.context;

import org.jspecify.annotations.NullMarked;
