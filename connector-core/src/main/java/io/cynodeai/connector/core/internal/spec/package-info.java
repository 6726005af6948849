/** Reading, validating, diffing and applying declarative connector specs (§19). */
@NullMarked
package io.cynodeai.connector.core.internal.spec;

import org.jspecify.annotations.NullMarked;
