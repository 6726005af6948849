/** The built-in rule-based policy engine (§9, §19.6): rules, named templates and per-instance allowlists. */
@NullMarked
package io.cynodeai.connector.core.policy;

import org.jspecify.annotations.NullMarked;
