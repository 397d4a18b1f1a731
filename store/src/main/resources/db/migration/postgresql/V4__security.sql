-- Accounts, sessions, the audit trail and the node's safety settings (docs/PROTOCOL.md, "Accounts
-- and access"). Passwords and kill phrases are stored only as argon2id hashes (PHC strings), refresh
-- tokens only as SHA-256 hashes of the random token.
-- Never edit this file once released: add V4_1__... instead.

CREATE TABLE accounts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      TEXT COLLATE "C" NOT NULL UNIQUE,
  role          TEXT   NOT NULL,
  password_hash TEXT   NOT NULL,
  token_version BIGINT NOT NULL DEFAULT 0,
  created_ms    BIGINT NOT NULL
);

CREATE TABLE refresh_tokens (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  account_id BIGINT NOT NULL,
  family     TEXT COLLATE "C" NOT NULL,
  expires_ms BIGINT NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0,
  revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id);

CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  at_ms     BIGINT NOT NULL,
  actor     TEXT   NOT NULL,
  action    TEXT   NOT NULL,
  target    TEXT   NOT NULL,
  detail    TEXT   NOT NULL,
  prev_hash TEXT   NOT NULL,
  hash      TEXT   NOT NULL
);

CREATE TABLE security_settings (
  name  TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
