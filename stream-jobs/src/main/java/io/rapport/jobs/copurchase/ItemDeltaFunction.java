package io.rapport.jobs.copurchase;

import java.util.List;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A customer-stage function of the co-purchase or co-view job: keyed by customer, it emits {@link
 * ItemDelta}s for the item stage. Run in a {@link CombiningDeltasOperator}, its pair changes go
 * straight into the operator's {@link DeltaCombiner} ({@link #emitPairs}), without a record per
 * item; run in a plain operator (as in unit tests), they are emitted as the records of {@link
 * ItemDelta#pairs(List, List, int, List, Collector)}.
 *
 * @param <IN> the function's input
 */
public abstract class ItemDeltaFunction<IN> extends KeyedProcessFunction<String, IN, ItemDelta> {
    private static final long serialVersionUID = 1L;

    private transient DeltaCombiner combiner;

    /** Called by the operator before any input. */
    final void combineInto(DeltaCombiner target) {
        this.combiner = target;
    }

    /**
     * Every pair that {@code changed} forms with {@code others} and within itself changes by {@code
     * delta}, in both directions, and the items of {@code changed} change by {@code countsOfChanged}
     * (aligned with it, or null).
     */
    protected final void emitPairs(
            List<String> others,
            List<String> changed,
            int delta,
            List<ItemDelta> countsOfChanged,
            Collector<ItemDelta> out) {
        if (combiner != null) {
            combiner.addPairs(others, changed, delta, countsOfChanged);
        } else {
            ItemDelta.pairs(others, changed, delta, countsOfChanged, out);
        }
    }
}
