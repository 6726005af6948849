/** Egress controls (§7): the allowlist, address rules, TLS settings and DNS seam of the guarded transports. */
@NullMarked
package io.cynodeai.connector.core.egress;

import org.jspecify.annotations.NullMarked;
