package io.rapport.jobs.kpi;

import io.rapport.kpi.PaneSize;
import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds and timings of the {@link KpiJob}, documented in the module README.
 *
 * @param customerStateTtl how long (processing time since last write) a customer's seen eventIds,
 *     orderIds and recommendation clicks are kept (default 8 days); a duplicate arriving later than
 *     this counts again
 * @param exposureTtl how long (processing time since last write) a customer's first exposure to an
 *     offer is kept (default 400 days, the day panes' retention), so that a customer is one treated
 *     or control customer of an offer in every window the API serves
 * @param conversionWindow how long after their first exposure to an offer a customer's purchase
 *     counts as a conversion for the holdout uplift (default 7 days, event time)
 * @param attributionWindow how long after a recommendation click a purchase of the clicked item is
 *     attributed revenue (default 24 hours, event time)
 * @param minutePaneRetention how long, in event time behind the watermark, a minute pane is kept and
 *     updated (default 3 days, at least {@link PaneSize#retention()}); an older pane is dropped with
 *     a tombstone and deltas for it are ignored
 * @param hourPaneRetention likewise for hour panes (default 15 days)
 * @param dayPaneRetention likewise for UTC day panes (default 400 days)
 * @param flushInterval processing-time debounce of pane records (default 200 ms)
 * @param outOfOrderness bounded out-of-orderness of the watermark (default 5 s)
 * @param sourceIdleness after how long an idle source split stops holding the watermark (default 10 s)
 */
public record KpiSettings(
        Duration customerStateTtl,
        Duration exposureTtl,
        Duration conversionWindow,
        Duration attributionWindow,
        Duration minutePaneRetention,
        Duration hourPaneRetention,
        Duration dayPaneRetention,
        Duration flushInterval,
        Duration outOfOrderness,
        Duration sourceIdleness)
        implements Serializable {

    public static final KpiSettings DEFAULTS = new KpiSettings(
            Duration.ofDays(8),
            PaneSize.DAY.retention(),
            Duration.ofDays(7),
            Duration.ofHours(24),
            PaneSize.MINUTE.retention(),
            PaneSize.HOUR.retention(),
            PaneSize.DAY.retention(),
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    public KpiSettings {
        requirePositive("customerStateTtl", customerStateTtl);
        requirePositive("exposureTtl", exposureTtl);
        requirePositive("conversionWindow", conversionWindow);
        requirePositive("attributionWindow", attributionWindow);
        requirePositive("flushInterval", flushInterval);
        requirePositive("sourceIdleness", sourceIdleness);
        requireRetention("minutePaneRetention", minutePaneRetention, PaneSize.MINUTE);
        requireRetention("hourPaneRetention", hourPaneRetention, PaneSize.HOUR);
        requireRetention("dayPaneRetention", dayPaneRetention, PaneSize.DAY);
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
    }

    public KpiSettings withFlushInterval(Duration value) {
        return new KpiSettings(
                customerStateTtl,
                exposureTtl,
                conversionWindow,
                attributionWindow,
                minutePaneRetention,
                hourPaneRetention,
                dayPaneRetention,
                value,
                outOfOrderness,
                sourceIdleness);
    }

    /** How long panes of {@code size} are kept behind the watermark. */
    public Duration paneRetention(PaneSize size) {
        return switch (size) {
            case MINUTE -> minutePaneRetention;
            case HOUR -> hourPaneRetention;
            case DAY -> dayPaneRetention;
        };
    }

    /**
     * How long, behind the watermark, a customer's purchase panes of {@code size} are remembered:
     * a pane's retention plus {@link PaneSize#keyHorizon()}. An older purchase can neither be in a
     * pane still updated nor be told from "none" as the previous purchase of one.
     */
    public long purchaseMemoryMillis(PaneSize size) {
        return paneRetention(size).toMillis() + size.keyHorizon();
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    // The API reads panes of each size up to PaneSize.guaranteedHistory() behind its clock.
    private static void requireRetention(String name, Duration value, PaneSize size) {
        if (value.compareTo(size.retention()) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + size.retention());
        }
    }
}
