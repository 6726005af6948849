-- Cluster-wide rate limits (§6): token buckets and providers' quota state, shared by every engine node.
-- IF NOT EXISTS because JdbcRateLimiter.createTables() created the same tables before this migration.
CREATE TABLE IF NOT EXISTS connector_rate_bucket (
  bucket_key VARCHAR(512) PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  refilled_at_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS connector_provider_quota (
  instance_id VARCHAR(512) PRIMARY KEY,
  blocked_until_ms BIGINT NOT NULL
);
