/** The generic {@code http} connector: JSON REST calls below one configured base URL, written against the SPI only. */
@NullMarked
package io.cynodeai.connector.reference.http;

import org.jspecify.annotations.NullMarked;
