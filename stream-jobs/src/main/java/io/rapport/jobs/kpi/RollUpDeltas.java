package io.rapport.jobs.kpi;

import io.rapport.kpi.PaneSize;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Adds every minute delta to its hour and UTC day panes as well, so that each count exists at the
 * three {@link PaneSize}s and old periods stay available after their minute panes are dropped.
 * Buyer deltas already name their size ({@link CustomerKpiFunction}) and pass unchanged. Stateless.
 */
public class RollUpDeltas implements FlatMapFunction<KpiDelta, KpiDelta> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(KpiDelta delta, Collector<KpiDelta> out) {
        out.collect(delta);
        if (!delta.isBuyer() && delta.paneSize == PaneSize.MINUTE.millis()) {
            out.collect(delta.in(PaneSize.HOUR));
            out.collect(delta.in(PaneSize.DAY));
        }
    }
}
