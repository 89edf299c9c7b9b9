package io.rapport.jobs.kpi;

import io.rapport.kpi.KpiWindow;
import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds and timings of the {@link KpiJob}, documented in the module README.
 *
 * @param customerStateTtl how long (processing time since last write) a customer's seen eventIds,
 *     orderIds, offer exposures and recommendation clicks are kept (default 8 days); a duplicate
 *     arriving later than this counts again
 * @param conversionWindow how long after their first exposure to an offer a customer's purchase
 *     counts as a conversion for the holdout uplift (default 7 days, event time)
 * @param attributionWindow how long after a recommendation click a purchase of the clicked item is
 *     attributed revenue (default 24 hours, event time)
 * @param paneRetention how long, in event time behind the watermark, a pane is kept and updated
 *     (default 8 days: the longest window, 7 days, plus a day of lateness); an older pane is
 *     dropped with a tombstone and events for it are ignored
 * @param flushInterval processing-time debounce of pane records (default 200 ms)
 * @param outOfOrderness bounded out-of-orderness of the watermark (default 5 s)
 * @param sourceIdleness after how long an idle source split stops holding the watermark (default 10 s)
 */
public record KpiSettings(
        Duration customerStateTtl,
        Duration conversionWindow,
        Duration attributionWindow,
        Duration paneRetention,
        Duration flushInterval,
        Duration outOfOrderness,
        Duration sourceIdleness)
        implements Serializable {

    public static final KpiSettings DEFAULTS = new KpiSettings(Duration.ofDays(8), Duration.ofDays(7),
            Duration.ofHours(24), Duration.ofDays(8), Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    public KpiSettings {
        requirePositive("customerStateTtl", customerStateTtl);
        requirePositive("conversionWindow", conversionWindow);
        requirePositive("attributionWindow", attributionWindow);
        requirePositive("flushInterval", flushInterval);
        requirePositive("sourceIdleness", sourceIdleness);
        if (paneRetention.compareTo(KpiWindow.MAX) < 0) {
            throw new IllegalArgumentException("paneRetention must be at least " + KpiWindow.MAX);
        }
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
    }

    public KpiSettings withFlushInterval(Duration value) {
        return new KpiSettings(customerStateTtl, conversionWindow, attributionWindow, paneRetention, value,
                outOfOrderness, sourceIdleness);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
