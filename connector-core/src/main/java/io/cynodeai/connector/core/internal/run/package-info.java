/** The one runner for connector code outside an operation's handler, and the governance every call passes. */
@NullMarked
package io.cynodeai.connector.core.internal.run;

import org.jspecify.annotations.NullMarked;
