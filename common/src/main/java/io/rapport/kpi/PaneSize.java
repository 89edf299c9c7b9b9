package io.rapport.kpi;

import java.time.Duration;
import java.time.Instant;

/**
 * The sizes of the KPI job's panes. Every event is counted in its minute, its hour and its UTC day
 * pane; each size is kept for its own {@link #retention()}, so that recent windows have minute
 * resolution and old ones stay available at a bounded cost (about 4,320 minute panes, 360 hour
 * panes and 400 day panes).
 *
 * <p>A window is served from panes of one size, the one of {@link #forWindow}: a window of up to
 * {@link #maxWindow()} together with its previous period (for the retention) lies within the
 * size's retention. A pane's buyers are keyed by the start of the same-size pane of their previous
 * purchase, and any previous purchase more than {@link #keyHorizon()} before the pane is keyed
 * {@link KpiPane#NO_PREVIOUS_PURCHASE}: no window of this size can tell the two apart, and it
 * bounds the keys of a pane.
 */
public enum PaneSize {
    MINUTE(60_000L, "", Duration.ofHours(24), Duration.ofDays(3)),
    HOUR(3_600_000L, "/PT1H", Duration.ofDays(7), Duration.ofDays(15)),
    DAY(86_400_000L, "/P1D", Duration.ofDays(180), Duration.ofDays(400));

    /** How far behind the KPI clock the API relies on a size's panes: retention less a day of lateness. */
    private static final Duration LATENESS_MARGIN = Duration.ofDays(1);

    private final long millis;
    private final String keySuffix;
    private final Duration maxWindow;
    private final Duration retention;

    PaneSize(long millis, String keySuffix, Duration maxWindow, Duration retention) {
        this.millis = millis;
        this.keySuffix = keySuffix;
        this.maxWindow = maxWindow;
        this.retention = retention;
    }

    public long millis() {
        return millis;
    }

    /** The longest window served from panes of this size. */
    public Duration maxWindow() {
        return maxWindow;
    }

    /** The KPI job's default (and least) retention of panes of this size, in event time. */
    public Duration retention() {
        return retention;
    }

    /** Twice {@link #maxWindow()}: a window and its previous period. */
    public long keyHorizon() {
        return 2 * maxWindow.toMillis();
    }

    /** Panes of this size starting at or after {@code clock − guaranteedHistory} are kept by the job. */
    public long guaranteedHistory() {
        return retention.minus(LATENESS_MARGIN).toMillis();
    }

    /** The start of the pane of this size holding {@code timestamp}. */
    public long start(long timestamp) {
        return Math.floorDiv(timestamp, millis) * millis;
    }

    /** The first pane boundary at or after {@code timestamp}. */
    public long ceil(long timestamp) {
        return -Math.floorDiv(-timestamp, millis) * millis;
    }

    /**
     * The topic key of the pane starting at {@code start}: its start in ISO-8601, followed for hour
     * and day panes by the ISO-8601 duration ({@code 2026-11-22T17:00:00Z/PT1H}, {@code …/P1D}).
     */
    public String key(long start) {
        return Instant.ofEpochMilli(start) + keySuffix;
    }

    /** The size of the pane keyed {@code key} (see {@link #key}). */
    public static PaneSize ofKey(String key) {
        if (key.endsWith(DAY.keySuffix)) {
            return DAY;
        }
        return key.endsWith(HOUR.keySuffix) ? HOUR : MINUTE;
    }

    /** The start of the pane keyed {@code key}. */
    public static long startOfKey(String key) {
        int slash = key.indexOf('/');
        return Instant.parse(slash < 0 ? key : key.substring(0, slash)).toEpochMilli();
    }

    /** The size of {@code millis}; 0 (a record written before sizes existed) is a minute. */
    public static PaneSize ofMillis(long millis) {
        for (PaneSize size : values()) {
            if (size.millis == millis) {
                return size;
            }
        }
        if (millis == 0) {
            return MINUTE;
        }
        throw new IllegalArgumentException("no pane size of " + millis + " ms");
    }

    /** The size a window of {@code length} is served from: the smallest whose {@link #maxWindow()} holds it. */
    public static PaneSize forWindow(Duration length) {
        for (PaneSize size : values()) {
            if (length.compareTo(size.maxWindow) <= 0) {
                return size;
            }
        }
        throw new IllegalArgumentException("no pane size for a window of " + length);
    }
}
