package io.rapport.store;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.KpiReport;
import io.rapport.kpi.KpiRollup;
import io.rapport.kpi.PaneLookup;
import io.rapport.kpi.PaneSize;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The minute, hour and day {@link KpiPane}s of the compacted {@code kpis} topic, by size and start,
 * and their roll-up into a window. Written by the {@link ViewConsumer} thread, read by any thread.
 *
 * <p>The KPI stream's clock is the end of the newest minute pane received, so a replay of past
 * events reports their own last hour, but never later than the end of the current minute: events
 * stamped ahead of the server's clock (accepted up to 24 hours ahead) wait in their panes until their
 * time comes instead of moving every window into the future. With no pane yet it is the end of
 * the current minute. A
 * window is summed from panes of one size ({@link KpiRollup#window}): minutes up to 24 hours (the
 * window ends at the clock), hours up to 7 days, days up to 180 days (the window ends at the end
 * of the clock's hour or day). The view holds what the job keeps: about 4,320 minute, 360 hour and
 * 400 day panes by default.
 */
public final class KpiView implements PaneLookup {
    private final Map<PaneSize, ConcurrentSkipListMap<Long, KpiPane>> panes = new EnumMap<>(PaneSize.class);
    private final Clock clock;

    public KpiView(Clock clock) {
        this.clock = clock;
        for (PaneSize size : PaneSize.values()) {
            panes.put(size, new ConcurrentSkipListMap<>());
        }
    }

    public KpiView() {
        this(Clock.systemUTC());
    }

    /** Stores a pane, replacing the previous record of its size and start. */
    public void put(KpiPane pane) {
        panes.get(PaneSize.ofMillis(pane.size())).put(pane.start(), pane);
    }

    /** Applies the record of the pane keyed {@code key} ({@link PaneSize#key}); null removes it. */
    public void apply(String key, KpiPane pane) {
        PaneSize size = PaneSize.ofKey(key);
        long start = PaneSize.startOfKey(key);
        if (pane == null) {
            panes.get(size).remove(start);
        } else {
            put(pane.at(start, size));
        }
    }

    /** How many panes of {@code size} are held. */
    public int size(PaneSize size) {
        return panes.get(size).size();
    }

    /** How many panes are held. */
    public int size() {
        return panes.values().stream().mapToInt(Map::size).sum();
    }

    /** The exact KPIs of the window of {@code length} ending with the KPI clock; {@code name} is echoed. */
    public KpiReport report(String name, Duration length) {
        return KpiRollup.window(name, length, end(), this);
    }

    /**
     * The KPI stream's clock: the end of the newest minute pane, but at most the end of the current
     * minute (which it is before any pane).
     */
    public long end() {
        long now = KpiPane.paneStart(clock.millis()) + KpiPane.SIZE_MILLIS;
        ConcurrentSkipListMap<Long, KpiPane> minutes = panes.get(PaneSize.MINUTE);
        return minutes.isEmpty() ? now : Math.min(minutes.lastKey() + KpiPane.SIZE_MILLIS, now);
    }

    @Override
    public KpiPane pane(PaneSize size, long start) {
        return panes.get(size).get(start);
    }

    @Override
    public List<KpiPane> range(PaneSize size, long from, long to) {
        return new ArrayList<>(panes.get(size).subMap(from, true, to, false).values());
    }
}
