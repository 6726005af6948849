/** The {@code mattermost} connector: posts to and reads channels through Mattermost's REST API v4, written against the SPI only. */
@NullMarked
package io.cynodeai.connector.reference.mattermost;

import org.jspecify.annotations.NullMarked;
