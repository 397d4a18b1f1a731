package ai.kiana.store.index;

/** A block id and its score from one search method (BM25 score, or cosine for vectors). */
public record IndexHit(String id, float score) {}
