-- Accounts, sessions, the audit trail and the node's safety settings (docs/PROTOCOL.md, "Accounts
-- and access"). Passwords and kill phrases are stored only as argon2id hashes (PHC strings), refresh
-- tokens only as SHA-256 hashes of the random token.
-- Never edit this file once released: add V4_1__... instead.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  -- Raised by "log out everywhere", a password change or a role change: access tokens carry the
  -- version they were issued under and are refused once it is stale.
  token_version INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL
);

-- One row per refresh token ever issued; a used (rotated) token that comes back revokes its whole
-- family, as the token was stolen by someone.
CREATE TABLE refresh_tokens (
  token_hash TEXT    PRIMARY KEY,
  account_id INTEGER NOT NULL,
  family     TEXT    NOT NULL,
  expires_ms INTEGER NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0,
  revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id);

-- Append-only and hash-chained: hash = SHA-256 over prev_hash and the entry's canonical JSON.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at_ms     INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  detail    TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL
);

-- Small named values: the kill phrase hash, the persisted halt, the one-time setup token hash.
CREATE TABLE security_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
