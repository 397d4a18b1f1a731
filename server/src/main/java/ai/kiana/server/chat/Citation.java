package ai.kiana.server.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.core.block.BlockView;

/**
 * A passage an answer cites, with its block's state (signature, superseded, retracted) as checked
 * when the answer was given.
 */
public record Citation(Passage passage, BlockView view) {}
