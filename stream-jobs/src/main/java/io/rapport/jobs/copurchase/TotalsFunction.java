package io.rapport.jobs.copurchase;

import io.rapport.copurchase.Totals;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the population deltas of {@link CustomerItemsFunction#POPULATION} (all under one constant
 * key) into the number of customers with at least one counted purchase, and publishes it as
 * {@link Totals} under {@link Topics#TOTALS_KEY}, debounced like item snapshots by
 * {@link FlushSchedule}. The state is cleared whenever the total is back to 0.
 */
public class TotalsFunction extends KeyedProcessFunction<String, Long, TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final FlushSchedule flush;

    private transient ValueState<Long> buyers;

    public TotalsFunction(Duration flushInterval) {
        this.flush = new FlushSchedule(flushInterval);
    }

    @Override
    public void open(OpenContext openContext) {
        buyers = getRuntimeContext().getState(new ValueStateDescriptor<>("buyers", Long.class));
        flush.open(getRuntimeContext());
    }

    @Override
    public void processElement(Long delta, Context ctx, Collector<TopicRecord> out) throws Exception {
        Long current = buyers.value();
        buyers.update((current == null ? 0 : current) + delta);
        flush.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        if (!flush.due(ctx.timerService())) {
            return;
        }
        Long total = buyers.value();
        long n = total == null ? 0 : total;
        if (n == 0) {
            buyers.clear();
        }
        out.collect(new TopicRecord(Topics.TOTALS_KEY, Json.encode(new Totals(n))));
    }
}
