/**
 * The certification kit connector authors run with JUnit 5: point {@link
 * io.cynodeai.connector.testkit.ConnectorCertification} at a provider and a config to get descriptor, schema,
 * contract, failure-simulation, load, response-fuzzing and security-checklist checks.
 */
@NullMarked
package io.cynodeai.connector.testkit;

import org.jspecify.annotations.NullMarked;
