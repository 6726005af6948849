package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * How a connector type starts an interactive (OAuth-style) authorization (§19.7): given an instance's
 * configuration and an opaque {@code state} the engine generated, it returns the URL the user opens to grant
 * access. The provider redirects back to the host with that state; the host completes the flow (exchanging
 * the code and storing the credentials) and tells the engine, which then enables the instance. Must be pure:
 * no network, no side effects. Thread-safe.
 */
@FunctionalInterface
public interface InteractiveAuthorization {

  URI authorizationUrl(JsonNode config, String state);
}
