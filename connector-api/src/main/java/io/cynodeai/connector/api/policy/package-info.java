/** The policy hook (§9): the action taxonomy, the evaluation context, and the engine interface. */
@NullMarked
package io.cynodeai.connector.api.policy;

import org.jspecify.annotations.NullMarked;
