/** Tenant isolation rules and deletion semantics (§12): project boundaries, retention and purging. */
@NullMarked
package io.cynodeai.connector.core.tenancy;

import org.jspecify.annotations.NullMarked;
