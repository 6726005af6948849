/** The egress guard's machinery: host parsing, address rules, pinned connections and the HTTP/1.1 client. */
@NullMarked
package io.cynodeai.connector.core.internal.egress;

import org.jspecify.annotations.NullMarked;
