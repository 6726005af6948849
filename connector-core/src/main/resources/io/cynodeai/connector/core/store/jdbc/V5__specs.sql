-- Applied connector specs (§19): the canonical JSON document (with its uid and resource version), by name.
CREATE TABLE connector_specs (
  name VARCHAR(63) PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
