package io.rapport.jobs.kpi;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by pane ({@link KpiDelta#paneId()}: start and size): sums {@link KpiDelta}s into the pane's
 * counts and publishes the whole pane as a {@link KpiPane} under {@link PaneSize#key} (its start in
 * ISO-8601, plus {@code /PT1H} or {@code /P1D} for hour and day panes), debounced by {@link
 * FlushSchedule}. Sums do not
 * depend on order, so the pane is the same however deltas of different customers interleave, and a
 * late delta (a conversion credited to the exposure's pane, an event behind the watermark) simply
 * republishes its pane.
 *
 * <p>Once the watermark passes {@code start + retention} (of the pane's size, {@link
 * KpiSettings#paneRetention}) the pane's state is cleared and a tombstone published; later deltas
 * for it are dropped and counted by {@code lateDeltas}. A pane whose counts all return to zero
 * (an erase took back the only customer's contributions) is published as a tombstone too. The final watermark of a bounded input
 * expires nothing: it ends the input, it is not the passing of days. State per pane: one entry per non-zero count, one expiry timer, the flush schedule.
 */
public class KpiPaneFunction extends KeyedProcessFunction<Long, KpiDelta, TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final KpiSettings settings;
    private final FlushSchedule flush;

    private transient MapState<String, Long> counts;
    private transient Counter lateDeltas;

    public KpiPaneFunction(KpiSettings settings) {
        this.settings = settings;
        this.flush = new FlushSchedule(settings.flushInterval());
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.STRING, Types.LONG));
        flush.open(getRuntimeContext());
        lateDeltas = getRuntimeContext().getMetricGroup().counter("lateDeltas");
    }

    @Override
    public void processElement(KpiDelta delta, Context ctx, Collector<TopicRecord> out) throws Exception {
        long expiry = delta.paneStart
                + settings.paneRetention(PaneSize.ofMillis(delta.paneSize)).toMillis();
        if (ctx.timerService().currentWatermark() >= expiry) {
            lateDeltas.inc();
            return;
        }
        if (delta.amount == 0) {
            return;
        }
        Long current = counts.get(delta.counter);
        long sum = KpiPane.sum(current == null ? 0 : current, delta.amount);
        // A buyer moved to another previous-purchase pane leaves a 0: drop it, state holds non-zero counts.
        if (sum == 0) {
            counts.remove(delta.counter);
        } else {
            counts.put(delta.counter, sum);
        }
        ctx.timerService().registerEventTimeTimer(expiry);
        flush.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        PaneSize size = KpiDelta.sizeOfPaneId(ctx.getCurrentKey());
        long start = KpiDelta.startOfPaneId(ctx.getCurrentKey());
        String key = size.key(start);
        boolean expiry = ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != Long.MAX_VALUE;
        if (expiry) {
            if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
                flush.due(ctx.timerService());
                counts.clear();
                out.collect(TopicRecord.tombstone(key));
            }
            return;
        }
        if (flush.due(ctx.timerService())) {
            // a pane whose counts all went back to zero (an erased customer's alone) is removed
            out.collect(
                    counts.isEmpty()
                            ? TopicRecord.tombstone(key)
                            : new TopicRecord(key, Json.encode(pane(start, size))));
        }
    }

    private KpiPane pane(long start, PaneSize size) throws Exception {
        Map<String, Long> events = new HashMap<>();
        Map<String, Long> named = new HashMap<>();
        Map<String, Map<String, Long>> offers = new HashMap<>();
        Map<String, Long> buyers = new HashMap<>();
        for (Map.Entry<String, Long> c : counts.entries()) {
            String counter = c.getKey();
            String rest = counter.substring(2);
            switch (counter.charAt(0)) {
                case 'e' -> events.put(rest, c.getValue());
                case 'c' -> named.put(rest, c.getValue());
                case 'b' -> buyers.put(rest, c.getValue());
                default -> {
                    int bar = rest.indexOf('|');
                    offers.computeIfAbsent(rest.substring(bar + 1), id -> new HashMap<>())
                            .put(rest.substring(0, bar), c.getValue());
                }
            }
        }
        return new KpiPane(start, events, named, offers, buyers, size.millis());
    }
}
