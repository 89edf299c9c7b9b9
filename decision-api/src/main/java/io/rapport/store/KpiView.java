package io.rapport.store;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.KpiReport;
import io.rapport.kpi.KpiRollup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The one-minute {@link KpiPane}s of the compacted {@code kpis} topic, by pane start, and their
 * roll-up into a window. Written by the {@link ViewConsumer} thread, read by any thread.
 *
 * <p>A window ends at the end of the newest pane received (the stream's event-time clock), so a
 * replay of past events reports their own last hour, and covers whole panes before it: {@code 1h}
 * is the 60 panes ending with the newest. With no pane yet it ends at the current minute. The
 * view holds at most the job's retention (8 days by default: 11,520 panes).
 */
public final class KpiView {
    private final ConcurrentSkipListMap<Long, KpiPane> panes = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public KpiView(Clock clock) {
        this.clock = clock;
    }

    public KpiView() {
        this(Clock.systemUTC());
    }

    /** Stores a pane, replacing the previous record of its minute. */
    public void put(KpiPane pane) {
        panes.put(pane.start(), pane);
    }

    /** Applies the record of the pane keyed {@code key} (its start, ISO-8601); null removes it. */
    public void apply(String key, KpiPane pane) {
        if (pane == null) {
            panes.remove(Instant.parse(key).toEpochMilli());
        } else {
            put(new KpiPane(Instant.parse(key).toEpochMilli(), pane.events(), pane.counts(), pane.offers(),
                    pane.buyers()));
        }
    }

    public int size() {
        return panes.size();
    }

    /** The exact KPIs of the {@code length} ending with the newest pane; {@code name} is echoed. */
    public KpiReport report(String name, Duration length) {
        long to = end();
        long from = to - length.toMillis();
        // the previous period too, for the retention
        return KpiRollup.report(name, from, to, panes(from - length.toMillis(), to));
    }

    /** The KPI stream's clock: the end of the newest pane, or of the current minute before any pane. */
    public long end() {
        return panes.isEmpty()
                ? KpiPane.paneStart(clock.millis()) + KpiPane.SIZE_MILLIS
                : panes.lastKey() + KpiPane.SIZE_MILLIS;
    }

    /** The panes starting in {@code [from, to)}, a live view in start order. */
    public Collection<KpiPane> panes(long from, long to) {
        ConcurrentNavigableMap<Long, KpiPane> inside = panes.subMap(from, true, to, false);
        return inside.values();
    }
}
