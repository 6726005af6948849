-- Connector instances: the whole ConnectorInstance as a JSON document, with its id and resource version.
CREATE TABLE connector_instances (
  id VARCHAR(255) PRIMARY KEY,
  resource_version BIGINT NOT NULL,
  body TEXT NOT NULL
);

-- Idempotency records (§2.3), one per key scoped to tenant, instance and operation. Times are the
-- database's clock in epoch milliseconds. outcome is NULL while the first call is in flight.
CREATE TABLE idempotency_records (
  tenant VARCHAR(300) NOT NULL,
  instance_id VARCHAR(255) NOT NULL,
  operation VARCHAR(128) NOT NULL,
  idem_key VARCHAR(255) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  token VARCHAR(64) NOT NULL,
  locked_until BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  outcome TEXT,
  PRIMARY KEY (tenant, instance_id, operation, idem_key)
);
CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at);

-- Polling cursors (§11), per instance and name.
CREATE TABLE connector_cursors (
  instance_id VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  cursor_value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (instance_id, name)
);
