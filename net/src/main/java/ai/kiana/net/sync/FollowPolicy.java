package ai.kiana.net.sync;

import ai.kiana.core.block.Scope;
import ai.kiana.net.protocol.SyncFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this node follows, as configured (selective sync): scopes, tags (empty: any) and how far
 * back ({@code since}: a window such as {@code 30d} that moves with time, a fixed date, or
 * nothing). Turned into the absolute {@link SyncFilter} a hello carries when a connection opens.
 */
public record FollowPolicy(Set<Scope> scopes, Set<String> tags, Since since) {

  /** How far back a node follows. */
  public sealed interface Since {
    /** No limit. */
    record Always() implements Since {}

    /** The last {@code window}, measured when a connection opens. */
    record Window(Duration window) implements Since {}

    /** Blocks created at or after {@code from}. */
    record From(Instant from) implements Since {}
  }

  public static final FollowPolicy ALL =
      new FollowPolicy(EnumSet.allOf(Scope.class), Set.of(), new Since.Always());

  public FollowPolicy {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("follow at least one scope");
    }
    scopes = Set.copyOf(scopes);
    tags = Set.copyOf(new TreeSet<>(tags));
    if (tags.size() > SyncFilter.MAX_TAGS) {
      throw new IllegalArgumentException("follow at most " + SyncFilter.MAX_TAGS + " tags");
    }
    for (String t : tags) {
      if (t.isBlank() || t.length() > 100) {
        throw new IllegalArgumentException("a tag is 1 to 100 characters, not '" + t + "'");
      }
    }
    if (since instanceof Since.Window w && (w.window().isNegative() || w.window().isZero())) {
      throw new IllegalArgumentException("the window to follow must be positive");
    }
  }

  public static FollowPolicy ofScopes(Set<Scope> scopes) {
    return new FollowPolicy(scopes, Set.of(), new Since.Always());
  }

  /**
   * The filter to announce at {@code now}. A moving window's lower bound is rounded down to the
   * hour, so connections opened within the same hour share one filter (and one cached snapshot) and
   * a window never follows less than asked for.
   */
  public SyncFilter filterAt(Instant now) {
    long after =
        switch (since) {
          case Since.Always a -> 0;
          case Since.From f -> Math.max(0, f.from().toEpochMilli());
          case Since.Window w ->
              Math.max(0, now.minus(w.window()).truncatedTo(ChronoUnit.HOURS).toEpochMilli());
        };
    return new SyncFilter(scopes, tags, after);
  }

  /** How far a moving window may lag behind before connections are redialled with a fresh bound. */
  public static final Duration DEFAULT_WINDOW_SLACK = Duration.ofDays(1);

  /**
   * Whether a connection that announced {@code sent} should be redialled to follow this policy at
   * {@code now}: scopes or tags differ, it follows less than the policy, or a moving window's bound
   * lags more than {@link #DEFAULT_WINDOW_SLACK} (it then follows more than asked; a redial a day
   * keeps that small without reconnecting every hour).
   */
  public boolean outdates(SyncFilter sent, Instant now) {
    SyncFilter wanted = filterAt(now);
    return !sent.scopes().equals(wanted.scopes())
        || !sent.tags().equals(wanted.tags())
        || sent.createdAfterMillis() > wanted.createdAfterMillis()
        || wanted.createdAfterMillis() - sent.createdAfterMillis()
            > DEFAULT_WINDOW_SLACK.toMillis();
  }

  /**
   * Parses {@code since}: {@code all} (or empty), a window {@code <n>d}, {@code <n>h} or {@code
   * <n>w}, or a date {@code 2026-01-31} (UTC) or instant {@code 2026-01-31T12:00:00Z}.
   *
   * @throws IllegalArgumentException naming the forms understood
   */
  public static Since parseSince(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("all")) {
      return new Since.Always();
    }
    String bad = "since must be all, a window like 30d, 12h or 2w, or a date like 2026-01-31";
    if (t.matches("[0-9]{1,6}[hdw]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      if (n == 0) {
        throw new IllegalArgumentException(bad + ", not '" + text + "' (the window is empty)");
      }
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      return new Since.Window(d);
    }
    try {
      if (t.length() == 10) {
        return new Since.From(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      return new Since.From(Instant.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(bad + ", not '" + text + "'");
    }
  }

  /** {@code since} as {@link #parseSince} reads it back. */
  public String sinceText() {
    return switch (since) {
      case Since.Always a -> "all";
      case Since.From f -> f.from().toString();
      case Since.Window w ->
          w.window().toDays() > 0 && w.window().toHours() % 24 == 0
              ? w.window().toDays() + "d"
              : w.window().toHours() + "h";
    };
  }
}
