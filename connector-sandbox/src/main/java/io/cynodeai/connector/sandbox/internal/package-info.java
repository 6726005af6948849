/**
 * The sandbox's machinery: the parent's child launcher and channel, the JSON-lines protocol, and the child's
 * entry point and context. Not an API.
 */
@NullMarked
package io.cynodeai.connector.sandbox.internal;

import org.jspecify.annotations.NullMarked;
