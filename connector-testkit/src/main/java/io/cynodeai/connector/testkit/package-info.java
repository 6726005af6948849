/**
 * The certification kit connector authors run with JUnit 5: point {@link
 * io.cynodeai.connector.testkit.ConnectorCertification} at a provider and a config to get descriptor, schema,
 * contract (sync calls and async jobs run to completion), redaction, failure-simulation, failure-mapping
 * (with a table of provider answers replayed against a stub provider), load, response-fuzzing and
 * security-checklist checks. {@link io.cynodeai.connector.testkit.TestHost} runs a connector in a real engine
 * for an author's own tests.
 */
@NullMarked
package io.cynodeai.connector.testkit;

import org.jspecify.annotations.NullMarked;
