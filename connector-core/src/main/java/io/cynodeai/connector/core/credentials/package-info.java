/** Credentials (§8, §19.4): secret references, their providers, envelope encryption and the key service. */
@NullMarked
package io.cynodeai.connector.core.credentials;

import org.jspecify.annotations.NullMarked;
