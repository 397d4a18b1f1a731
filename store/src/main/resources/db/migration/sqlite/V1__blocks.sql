-- Knowledge blocks. block_json is the canonical JSON of the whole block (BlockCodec.toJson) and is
-- the only column read back, so a block round-trips exactly; the other columns exist to filter and
-- order. Never edit this file once released: add V2__... instead (Flyway checks the checksum).

CREATE TABLE blocks (
  -- Local insertion order, never reused (AUTOINCREMENT): a change feed for later features. It is the
  -- rowid, so the block ID is a UNIQUE key rather than the primary key.
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  author         TEXT    NOT NULL,
  -- HLC text form: fixed width, so it sorts like the timestamp it stands for.
  created        TEXT    NOT NULL,
  created_ms     INTEGER NOT NULL,
  scope          TEXT    NOT NULL,
  -- Lower-cased in Java (Locale.ROOT) exactly as BlockQuery.matches does; SQLite's lower() only
  -- knows ASCII.
  title_search   TEXT    NOT NULL,
  content_search TEXT    NOT NULL,
  block_json     TEXT    NOT NULL
);

CREATE INDEX blocks_created_id ON blocks (created, id);
CREATE INDEX blocks_type_created_id ON blocks (type, created, id);
CREATE INDEX blocks_author_created_id ON blocks (author, created, id);

CREATE TABLE block_tags (
  block_id TEXT NOT NULL REFERENCES blocks (id),
  tag      TEXT NOT NULL,
  PRIMARY KEY (block_id, tag)
) WITHOUT ROWID;

CREATE INDEX block_tags_tag ON block_tags (tag, block_id);

CREATE TABLE block_supersedes (
  block_id  TEXT NOT NULL REFERENCES blocks (id),
  -- No foreign key: sync may deliver an edit before the block it edits.
  target_id TEXT NOT NULL,
  PRIMARY KEY (block_id, target_id)
) WITHOUT ROWID;

CREATE INDEX block_supersedes_target ON block_supersedes (target_id, block_id);
