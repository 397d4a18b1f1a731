-- End-to-end device messages (docs/PROTOCOL.md, "End-to-end messages"). One row per message and
-- role this node plays for it: 'outbox' (this node sent it), 'inbox' (sent to this node) or 'relay'
-- (kept for an offline recipient). Envelopes are stored as their signed canonical JSON, bodies only
-- for inbox and outbox. A relay row keeps the message ID (and the recipient's receipt) after its
-- envelope is dropped, so the ID stays known until expiry: duplicates are suppressed on every hop.
-- Never edit this file once released: add V6_1__... instead.

CREATE TABLE messages (
  id           TEXT COLLATE "C" NOT NULL,
  role         TEXT    NOT NULL,
  sender       TEXT    NOT NULL,
  recipient    TEXT    NOT NULL,
  created_ms   BIGINT  NOT NULL,
  expires_ms   BIGINT  NOT NULL,
  size         BIGINT  NOT NULL,
  envelope     TEXT,
  body         TEXT,
  state        TEXT    NOT NULL,
  delivered_ms BIGINT,
  receipt      TEXT,
  PRIMARY KEY (id, role)
);

CREATE INDEX messages_recipient ON messages (role, recipient, state);
CREATE INDEX messages_sender ON messages (role, sender);
CREATE INDEX messages_expires ON messages (expires_ms);

-- Each known device's X25519 encryption key, as the announcement its Ed25519 key signed.
CREATE TABLE message_keys (
  device       TEXT COLLATE "C" PRIMARY KEY,
  announcement TEXT    NOT NULL,
  created_ms   BIGINT  NOT NULL
);
