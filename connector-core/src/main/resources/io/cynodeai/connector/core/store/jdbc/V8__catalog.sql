-- The connector catalog (§13): one row per connector type version (its approval, security reviews and
-- lifecycle as a JSON document), and one row per feature flag (keyed by type, version, scope and tenant).
-- updated_at is epoch ms (database clock).
CREATE TABLE connector_catalog_entries (
  connector_type VARCHAR(255) NOT NULL,
  version VARCHAR(128) NOT NULL,
  body TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connector_type, version)
);

CREATE TABLE connector_catalog_flags (
  flag_key VARCHAR(1000) NOT NULL,
  body TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (flag_key)
);
