/** JSON Schema compilation (everit), tree conversion and size measurement. */
@NullMarked
package io.cynodeai.connector.core.internal.schema;

import org.jspecify.annotations.NullMarked;
