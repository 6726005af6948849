/** Service level indicators and error-budget burn of connector types, as the engine measures them (§10.2). */
@NullMarked
package io.cynodeai.connector.api.slo;

import org.jspecify.annotations.NullMarked;
