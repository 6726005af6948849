/** Parsing, validation and matching of policy rule documents behind {@code core.policy}. */
@NullMarked
package io.cynodeai.connector.core.internal.policy;

import org.jspecify.annotations.NullMarked;
