-- Inbound webhooks (§11). Delivered event ids per instance and subscription, for deduplication: a row is a
-- claim while delivered = FALSE (locked until expires_at) and a delivery record after; both are free once
-- expires_at (database clock, ms) has passed.
CREATE TABLE connector_webhook_events (
  instance_id VARCHAR(255) NOT NULL,
  subscription VARCHAR(128) NOT NULL,
  event_id VARCHAR(255) NOT NULL,
  delivered BOOLEAN NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (instance_id, subscription, event_id)
);
CREATE INDEX connector_webhook_events_expiry ON connector_webhook_events (expires_at);

-- Subscriptions enabled or disabled through the webhook service (not through a spec), and provider
-- subscriptions made through a connector's lifecycle. expires_at is epoch ms, or NULL.
CREATE TABLE connector_webhook_subscriptions (
  instance_id VARCHAR(255) NOT NULL,
  subscription VARCHAR(128) NOT NULL,
  enabled BOOLEAN NOT NULL,
  provider_id VARCHAR(1000),
  expires_at BIGINT,
  PRIMARY KEY (instance_id, subscription)
);

-- Verification secrets, sealed by the engine (envelope encryption under the host's key management service):
-- nothing here is secret without the key. retires_at (epoch ms) is set when a rotation supersedes a version.
CREATE TABLE connector_webhook_secrets (
  instance_id VARCHAR(255) NOT NULL,
  subscription VARCHAR(128) NOT NULL,
  version INTEGER NOT NULL,
  sealed TEXT NOT NULL,
  revealed BOOLEAN NOT NULL,
  retires_at BIGINT,
  PRIMARY KEY (instance_id, subscription, version)
);
