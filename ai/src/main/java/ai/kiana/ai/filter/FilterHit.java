package ai.kiana.ai.filter;

import java.time.Instant;

/** A rule matched: when, which rule, on what, and a short excerpt of the matched text. */
public record FilterHit(
    Instant at,
    String rule,
    String category,
    FilterAction action,
    FilterStage stage,
    String reason,
    String excerpt,
    String conversation) {}
