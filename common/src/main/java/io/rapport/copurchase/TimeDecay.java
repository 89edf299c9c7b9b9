package io.rapport.copurchase;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optional event-time decay of a neighbour's ranking score by how long ago its pair was last bought
 * together: {@code score × 2^(−(asOf − lastIncreasedAt) / halfLife)}, where {@code lastIncreasedAt}
 * is the event time of the pair count's last increase ({@link NeighbourCount#lastIncreasedAt}) and
 * {@code asOf} the event time the item's snapshot was made at ({@link ItemSnapshot#asOf}). A pair
 * last bought together one half-life ago scores half, two half-lives a quarter; counts
 * ({@code coPurchases}) are never decayed.
 *
 * <p>{@link #OFF} (the default) leaves every score exactly as it is, and so does a factor whose
 * times are unknown (0: counts from before the job kept them). An age below 0 (a pair time past
 * {@code asOf}, possible when the two come from different operators) counts as 0. Configured by
 * {@code ApiMain --decay-half-life}, {@code RAPPORT_DECAY_HALF_LIFE}, and {@code ./rapport evaluate
 * --decay-half-life}; measured in {@code docs/relevance.md}. Immutable.
 *
 * @param halfLife the age at which a score is halved; null for {@link #OFF}
 */
public record TimeDecay(Duration halfLife) {
    /** No decay: scores exactly as computed from the counts. */
    public static final TimeDecay OFF = new TimeDecay(null);

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|min|h|d)");

    public TimeDecay {
        if (halfLife != null && (halfLife.isZero() || halfLife.isNegative())) {
            throw new IllegalArgumentException("half-life must be positive, was " + halfLife);
        }
    }

    /** A decay with the given half-life. */
    public static TimeDecay halfLife(Duration halfLife) {
        return new TimeDecay(halfLife);
    }

    /** Whether scores are left as they are. */
    public boolean isOff() {
        return halfLife == null;
    }

    /**
     * The factor a score is multiplied by: {@code 2^(−max(0, asOf − lastIncreasedAt) / halfLife)},
     * or exactly 1 when off or when either time is unknown ({@link NeighbourCount#UNKNOWN}).
     *
     * @param asOf event time the age is measured to, epoch milliseconds
     * @param lastIncreasedAt event time of the pair's last increase, epoch milliseconds
     */
    public double factor(long asOf, long lastIncreasedAt) {
        if (halfLife == null || asOf == NeighbourCount.UNKNOWN || lastIncreasedAt == NeighbourCount.UNKNOWN) {
            return 1.0;
        }
        long age = Math.max(0, asOf - lastIncreasedAt);
        return Math.pow(2.0, -(double) age / halfLife.toMillis());
    }

    /**
     * Parses {@code off} or a half-life such as {@code 30d}, {@code 12h}, {@code 90min} (units
     * {@code ms}, {@code s}, {@code m} or {@code min}, {@code h}, {@code d}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static TimeDecay parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return OFF;
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(
                    "decay half-life must be off or a positive duration such as 30d, 12h or 90min, not " + text);
        }
        long n = Long.parseLong(m.group(1));
        return halfLife(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
    }

    /** {@code off}, or the half-life in the largest whole unit, as {@link #parse} reads it: {@code 30d}. */
    public String wireName() {
        if (halfLife == null) {
            return "off";
        }
        long ms = halfLife.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        } else if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public String toString() {
        return wireName();
    }
}
