-- Faster inserts. A block's tags were keyed by its SHA-256 id, which is random: every new block
-- inserted its tag rows at a random place of two B-trees (the primary key and block_tags_tag), so
-- a batch of inserts dirtied, and each commit or checkpoint rewrote, pages all over both. Keyed by
-- the block's seq, which only grows, new tag rows are appended at the end instead.
-- block_tags_tag is not recreated: no query used it (the tag filter looks up (block_seq, tag) for
-- each candidate block, which the primary key serves).
-- Never edit this file once released: add V3__... instead.

CREATE TABLE block_tags_by_seq (
  block_seq INTEGER NOT NULL REFERENCES blocks (seq),
  tag       TEXT    NOT NULL,
  PRIMARY KEY (block_seq, tag)
) WITHOUT ROWID;

INSERT INTO block_tags_by_seq (block_seq, tag)
  SELECT b.seq, t.tag FROM block_tags t JOIN blocks b ON b.id = t.block_id;

DROP TABLE block_tags;

ALTER TABLE block_tags_by_seq RENAME TO block_tags;
