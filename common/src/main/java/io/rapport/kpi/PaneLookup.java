package io.rapport.kpi;

import java.util.ArrayList;
import java.util.List;

/** Where KPI panes are read from: the pane of {@code size} starting at {@code start}, or null. */
@FunctionalInterface
public interface PaneLookup {
    KpiPane pane(PaneSize size, long start);

    /** The panes of {@code size} starting in {@code [from, to)} ({@code from} a multiple of the size). */
    default List<KpiPane> range(PaneSize size, long from, long to) {
        List<KpiPane> panes = new ArrayList<>();
        for (long t = from; t < to; t += size.millis()) {
            KpiPane pane = pane(size, t);
            if (pane != null) {
                panes.add(pane);
            }
        }
        return panes;
    }
}
