package io.rapport.kpi;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The windows {@code /v1/kpis} answers for: a whole number of minutes ({@code 15m}), hours
 * ({@code 1h}, {@code 24h}) or days ({@code 7d}, {@code 30d}), from one minute to {@link #MAX}. A
 * window is served from panes of one {@link PaneSize} ({@link PaneSize#forWindow}), so its length
 * must be a whole number of them: any number of minutes up to 24 hours, whole hours up to 7 days,
 * whole days beyond.
 */
public final class KpiWindow {
    /** The longest window: the KPI job keeps day panes for twice as long and more. */
    public static final Duration MAX = PaneSize.DAY.maxWindow();

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]*)([mhd])");
    /** Digits past these are more than {@link #MAX} in any unit (999,999 minutes is 694 days). */
    private static final int MAX_DIGITS = 6;

    private KpiWindow() {}

    /**
     * Parses a window such as {@code 1h}.
     *
     * @throws IllegalArgumentException naming the rule when {@code text} is not a window
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "must be a whole number of minutes, hours or days from 1, such as 15m, 1h, 24h or 7d");
        }
        if (m.group(1).length() > MAX_DIGITS) {
            throw new IllegalArgumentException("must be at most " + MAX.toDays() + "d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be at most " + MAX.toDays() + "d");
        }
        PaneSize size = PaneSize.forWindow(d);
        if (d.toMillis() % size.millis() != 0) {
            throw new IllegalArgumentException(
                    size == PaneSize.HOUR
                            ? "must be a whole number of hours when longer than 24h"
                            : "must be a whole number of days when longer than 7d");
        }
        return d;
    }
}
