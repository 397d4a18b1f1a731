-- Knowledge blocks. block_json is the canonical JSON of the whole block (BlockCodec.toJson) and is
-- the only column read back, so a block round-trips exactly: TEXT, not JSONB, because JSONB would
-- reorder keys and change the bytes. The other columns exist to filter and order.
-- Never edit this file once released: add V2__... instead (Flyway checks the checksum).
--
-- IDs, authors and timestamps use the "C" collation: byte order, which is how the other backends
-- and the paging cursor compare them, whatever the database's locale.

CREATE TABLE blocks (
  id             TEXT COLLATE "C" PRIMARY KEY,
  -- Local insertion order for a change feed. Never reused, but may have gaps (a conflicting insert
  -- still draws a number) and concurrent transactions may commit out of seq order.
  seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  type           TEXT   NOT NULL,
  author         TEXT COLLATE "C" NOT NULL,
  -- HLC text form: fixed width, so it sorts like the timestamp it stands for.
  created        TEXT COLLATE "C" NOT NULL,
  created_ms     BIGINT NOT NULL,
  scope          TEXT   NOT NULL,
  -- Lower-cased in Java (Locale.ROOT) exactly as BlockQuery.matches does, so the result does not
  -- depend on the database's locale.
  title_search   TEXT   NOT NULL,
  content_search TEXT   NOT NULL,
  block_json     TEXT   NOT NULL
);

CREATE INDEX blocks_created_id ON blocks (created, id);
CREATE INDEX blocks_type_created_id ON blocks (type, created, id);
CREATE INDEX blocks_author_created_id ON blocks (author, created, id);

CREATE TABLE block_tags (
  block_id TEXT COLLATE "C" NOT NULL REFERENCES blocks (id),
  tag      TEXT NOT NULL,
  PRIMARY KEY (block_id, tag)
);

CREATE INDEX block_tags_tag ON block_tags (tag, block_id);

CREATE TABLE block_supersedes (
  block_id  TEXT COLLATE "C" NOT NULL REFERENCES blocks (id),
  -- No foreign key: sync may deliver an edit before the block it edits.
  target_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (block_id, target_id)
);

CREATE INDEX block_supersedes_target ON block_supersedes (target_id, block_id);
