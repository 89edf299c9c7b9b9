package io.rapport.kpi;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The windows {@code /v1/kpis} answers for: a whole number of minutes ({@code 15m}), hours
 * ({@code 1h}, {@code 24h}) or days ({@code 7d}), from one minute (one pane) to {@link #MAX}.
 */
public final class KpiWindow {
    /** The longest window; the KPI job keeps panes at least this long. */
    public static final Duration MAX = Duration.ofDays(7);

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

    private KpiWindow() {}

    /**
     * Parses a window such as {@code 1h}.
     *
     * @throws IllegalArgumentException naming the rule when {@code text} is not a window
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("must be a number of minutes, hours or days such as 15m, 1h, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be at most 7d");
        }
        return d;
    }
}
