-- Async jobs (§2.2) and, as the rows with dead_lettered_at set, the dead-letter store. Times are the
-- database's clock in epoch milliseconds; history is a JSON array of attempts.
CREATE TABLE connector_jobs (
  job_id VARCHAR(64) PRIMARY KEY,
  tenant VARCHAR(300) NOT NULL,
  instance_id VARCHAR(255) NOT NULL,
  operation VARCHAR(128) NOT NULL,
  idem_key VARCHAR(255),
  request TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  max_attempts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  run_after BIGINT NOT NULL,
  lease_owner VARCHAR(128),
  lease_until BIGINT,
  cancel_requested BOOLEAN NOT NULL,
  outcome TEXT,
  history TEXT NOT NULL,
  dead_lettered_at BIGINT
);
CREATE UNIQUE INDEX connector_jobs_idem ON connector_jobs (tenant, instance_id, operation, idem_key);
CREATE INDEX connector_jobs_ready ON connector_jobs (state, run_after);
CREATE INDEX connector_jobs_dead ON connector_jobs (tenant, dead_lettered_at);
