-- Faster inserts. A block's tags were keyed by its SHA-256 id, which is random: every new block
-- inserted its tag rows at a random place of the primary key's B-tree and of block_tags_tag. Keyed
-- by the block's seq, which grows with every insert, new rows land near the end of both instead.
-- The (tag, block_seq) index stays: PostgreSQL's planner uses it to start from a rare tag.
-- Never edit this file once released: add V3__... instead.

CREATE TABLE block_tags_by_seq (
  block_seq BIGINT NOT NULL REFERENCES blocks (seq),
  tag       TEXT   NOT NULL,
  PRIMARY KEY (block_seq, tag)
);

INSERT INTO block_tags_by_seq (block_seq, tag)
  SELECT b.seq, t.tag FROM block_tags t JOIN blocks b ON b.id = t.block_id;

DROP TABLE block_tags;

ALTER TABLE block_tags_by_seq RENAME TO block_tags;
ALTER TABLE block_tags RENAME CONSTRAINT block_tags_by_seq_pkey TO block_tags_pkey;
ALTER TABLE block_tags RENAME CONSTRAINT block_tags_by_seq_block_seq_fkey TO block_tags_block_seq_fkey;

CREATE INDEX block_tags_tag ON block_tags (tag, block_seq);
