package ai.kiana.ai.eval;

/** Recall@1, recall@5 and mean reciprocal rank (of the first hit in the top 5) over n questions. */
public record Metrics(int n, double recallAt1, double recallAt5, double mrr) {

  /** Adds up ranks (1-based; 0 = no hit in the top 5). */
  static final class Sum {
    private int n;
    private int at1;
    private int at5;
    private double rr;

    void add(int rank) {
      n++;
      if (rank == 1) {
        at1++;
      }
      if (rank >= 1 && rank <= 5) {
        at5++;
        rr += 1.0 / rank;
      }
    }

    Metrics metrics() {
      return n == 0
          ? new Metrics(0, 0, 0, 0)
          : new Metrics(n, (double) at1 / n, (double) at5 / n, rr / n);
    }
  }
}
