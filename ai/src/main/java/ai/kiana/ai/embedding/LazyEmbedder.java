package ai.kiana.ai.embedding;

import java.util.List;

/**
 * Opens the configured embedder on first use: a node whose index is up to date starts without
 * loading a model, and commands that never embed (listing blocks, backups) never pay for it.
 */
public final class LazyEmbedder implements Embedder {

  private final EmbedderConfig config;
  private volatile Embedder delegate;

  public LazyEmbedder(EmbedderConfig config) {
    this.config = config;
  }

  private Embedder get() {
    Embedder d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = config.open();
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public int dimension() {
    return get().dimension();
  }

  @Override
  public boolean englishOnly() {
    return config.kind().equals("minilm");
  }

  @Override
  public String modelId() {
    return config.modelId();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return texts.isEmpty() ? List.of() : get().embedAll(texts);
  }

  @Override
  public synchronized void close() {
    if (delegate != null) {
      delegate.close();
    }
  }
}
