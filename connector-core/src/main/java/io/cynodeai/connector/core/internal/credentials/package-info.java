/** How the engine binds instances to their credentials and reacts to rotation and revocation. */
@NullMarked
package io.cynodeai.connector.core.internal.credentials;

import org.jspecify.annotations.NullMarked;
