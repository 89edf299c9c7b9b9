package io.rapport.kpi;

import java.util.ArrayList;
import java.util.List;

/**
 * Covers a period of event time with KPI panes of mixed sizes, the biggest that fit: whole UTC days
 * by day panes, whole hours by hour panes, the rest by minute panes, each only where the KPI job
 * still keeps that size ({@link PaneSize#guaranteedHistory()} before the clock). For periods that
 * do not start on a pane boundary (a campaign from any instant), so that every count is exact.
 * Pure.
 */
public final class PaneTiling {
    private PaneTiling() {}

    /** One pane of a tiling. */
    public record Tile(PaneSize size, long start) {}

    /**
     * @param tiles disjoint panes covering the period, in time order
     * @param exact false when a part of the period is kept at none of the sizes that fit it (a
     *     minute more than two days old that is not part of a whole hour, say): that part is left out
     */
    public record Tiling(List<Tile> tiles, boolean exact) {}

    /**
     * Tiles the minutes starting in {@code [from, to)} (a minute counts when it starts inside the
     * period, as with one-minute panes), given the KPI stream's {@code clock}.
     */
    public static Tiling tile(long from, long to, long clock) {
        List<Tile> tiles = new ArrayList<>();
        boolean exact = true;
        long t = PaneSize.MINUTE.ceil(from);
        long end = PaneSize.MINUTE.ceil(to);
        while (t < end) {
            PaneSize size = fitting(t, end, clock);
            if (size == null) {
                exact = false;
                t = Math.min(end, PaneSize.HOUR.start(t) + PaneSize.HOUR.millis());
            } else {
                tiles.add(new Tile(size, t));
                t += size.millis();
            }
        }
        return new Tiling(List.copyOf(tiles), exact);
    }

    private static PaneSize fitting(long t, long end, long clock) {
        for (PaneSize size : new PaneSize[] {PaneSize.DAY, PaneSize.HOUR, PaneSize.MINUTE}) {
            boolean aligned = t % size.millis() == 0 && t + size.millis() <= end;
            if (aligned && t >= clock - size.guaranteedHistory()) {
                return size;
            }
        }
        return null;
    }
}
