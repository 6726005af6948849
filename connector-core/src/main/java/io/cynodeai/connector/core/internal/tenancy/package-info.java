/** The engine's enforcement of the tenancy rules, independent of the host's policy. */
@NullMarked
package io.cynodeai.connector.core.internal.tenancy;

import org.jspecify.annotations.NullMarked;
