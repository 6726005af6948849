-- Poll leases (§11): which engine node polls an instance now, so nodes sharing this database do not poll
-- (and deliver) the same instance twice. A lease is free once expires_at (database clock, ms) has passed.
CREATE TABLE connector_poll_leases (
  instance_id VARCHAR(255) PRIMARY KEY,
  holder VARCHAR(255) NOT NULL,
  expires_at BIGINT NOT NULL
);
