/** The MCP client session, the tool-to-operation mapping and the result mapping behind the bridge. */
@NullMarked
package io.cynodeai.connector.mcp.bridge.internal;

import org.jspecify.annotations.NullMarked;
