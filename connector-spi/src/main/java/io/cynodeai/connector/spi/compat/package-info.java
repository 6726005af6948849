/**
 * Checks that a connector type's newer version keeps the §3.1 promise (minor versions additive only, major
 * versions may break schema) by listing every breaking change between two versions of the type.
 */
@NullMarked
package io.cynodeai.connector.spi.compat;

import org.jspecify.annotations.NullMarked;
