-- Which scopes an account or device may use (docs/PROTOCOL.md, "Scopes"): a user reads and writes
-- only the scopes granted to it; a sensor writes only into its own. `principal` is the account
-- name (devices: device-<first 16 hex of the device ID>), so a grant outlives a re-created device
-- account. Never edit this file once released: add V7_1__... instead.
CREATE TABLE scope_grants (
  principal  TEXT COLLATE "C" NOT NULL,
  scope      TEXT NOT NULL,
  granted_ms BIGINT NOT NULL,
  PRIMARY KEY (principal, scope)
);

-- The allow and deny lists kept by the API and `kiana access` (besides the ones in the config):
-- kind is 'device' (a device ID hex) or 'address' (an address or a prefix ending in '*'), list is
-- 'allow' or 'deny'.
CREATE TABLE access_lists (
  kind     TEXT NOT NULL,
  list     TEXT NOT NULL,
  entry    TEXT COLLATE "C" NOT NULL,
  added_ms BIGINT NOT NULL,
  PRIMARY KEY (kind, list, entry)
);
