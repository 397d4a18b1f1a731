-- The device ledger (docs/PROTOCOL.md, "Ledger"): every ledger block this node accepted, of the
-- chosen chain and of forks, and which block is the head of the chosen chain. block_json is the
-- canonical JSON of the whole block (LedgerBlockCodec.toJson) and the only column read back, so a
-- block round-trips exactly: TEXT, not JSONB, which would reorder keys and change the bytes. height
-- and parent exist to look blocks up. The store never validates: 'kiana verify --ledger'
-- re-validates the chain from block_json.
-- Never edit this file once released: add V4__... instead.

CREATE TABLE ledger_blocks (
  hash       TEXT COLLATE "C" PRIMARY KEY,
  -- Local insertion order: orders the blocks of one height (forks) as they were stored.
  seq        BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  height     BIGINT NOT NULL,
  parent     TEXT COLLATE "C" NOT NULL,
  block_json TEXT   NOT NULL
);

CREATE INDEX ledger_blocks_height_seq ON ledger_blocks (height, seq);

-- At most one row: the head of the chosen chain. The foreign key keeps it naming a stored block.
CREATE TABLE ledger_head (
  id   SMALLINT PRIMARY KEY CHECK (id = 1),
  hash TEXT COLLATE "C" NOT NULL REFERENCES ledger_blocks (hash)
);
