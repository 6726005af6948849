/**
 * The in-sandbox side of the egress proxy: a relay from the sandbox's loopback to the host's proxy socket.
 * Depends on the JDK only.
 */
package io.cynodeai.connector.mcp.bridge.relay;
