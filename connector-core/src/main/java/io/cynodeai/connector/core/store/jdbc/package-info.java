/**
 * One JDBC implementation of the stores, for embedded H2 (a file: the durable single-node default) and for
 * PostgreSQL (several engine nodes sharing one database). The schema is created and upgraded by versioned
 * SQL migrations when a {@link io.cynodeai.connector.core.store.jdbc.JdbcDatabase} opens. Times that decide
 * between nodes (locks, leases, expiry) are taken from the database's clock, never a node's.
 */
@NullMarked
package io.cynodeai.connector.core.store.jdbc;

import org.jspecify.annotations.NullMarked;
