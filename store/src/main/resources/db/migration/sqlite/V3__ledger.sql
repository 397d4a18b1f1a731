-- The device ledger (docs/PROTOCOL.md, "Ledger"): every ledger block this node accepted, of the
-- chosen chain and of forks, and which block is the head of the chosen chain. block_json is the
-- canonical JSON of the whole block (LedgerBlockCodec.toJson) and the only column read back, so a
-- block round-trips exactly; height and parent exist to look blocks up. The store never validates:
-- 'kiana verify --ledger' re-validates the chain from block_json.
-- Never edit this file once released: add V4__... instead.

CREATE TABLE ledger_blocks (
  -- Local insertion order (AUTOINCREMENT, never reused): the rowid, so new rows are appended rather
  -- than inserted at the random place a SHA-256 key would give them; the hash is a UNIQUE key.
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  hash       TEXT    NOT NULL UNIQUE,
  height     INTEGER NOT NULL,
  parent     TEXT    NOT NULL,
  block_json TEXT    NOT NULL
);

CREATE INDEX ledger_blocks_height_seq ON ledger_blocks (height, seq);

-- At most one row: the head of the chosen chain. The foreign key keeps it naming a stored block.
CREATE TABLE ledger_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  hash TEXT    NOT NULL REFERENCES ledger_blocks (hash)
);
