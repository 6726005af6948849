-- Claiming jobs whose lease ran out reads this index (state, lease_until) instead of scanning the table; due
-- pending jobs are read from connector_jobs_ready (state, run_after). Each claim is then a top-N index range.
CREATE INDEX connector_jobs_lease ON connector_jobs (state, lease_until);
