/** The {@code imap} connector: reads and flags mail in one IMAP mailbox through Jakarta Mail, written against the SPI only. */
@NullMarked
package io.cynodeai.connector.reference.imap;

import org.jspecify.annotations.NullMarked;
