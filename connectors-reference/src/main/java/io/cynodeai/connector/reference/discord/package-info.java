/** The {@code discord} connector: sends and reads channel messages through Discord's REST API v10 as a bot, written against the SPI only. */
@NullMarked
package io.cynodeai.connector.reference.discord;

import org.jspecify.annotations.NullMarked;
