/** Response normalization: redaction and truncation. */
@NullMarked
package io.cynodeai.connector.core.internal.normalize;

import org.jspecify.annotations.NullMarked;
