package io.rapport.jobs.copurchase;

import io.rapport.copurchase.Totals;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.io.Serializable;
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
 * {@link FlushSchedule}. The state is cleared whenever the total is back to 0. The co-view job sums
 * its view sessions with the same function under another key and record.
 */
public class TotalsFunction extends KeyedProcessFunction<String, Long, TopicRecord> {
    private static final long serialVersionUID = 1L;

    /** Makes the record a total is published as. */
    @FunctionalInterface
    public interface TotalFormat extends Serializable {
        Object total(long n);
    }

    private final FlushSchedule flush;
    private final String key;
    private final TotalFormat format;

    private transient ValueState<Long> buyers;

    public TotalsFunction(Duration flushInterval) {
        this(flushInterval, Topics.TOTALS_KEY, Totals::new);
    }

    /** Publishes the total under {@code key} as {@code format} makes it. */
    public TotalsFunction(Duration flushInterval, String key, TotalFormat format) {
        this.flush = new FlushSchedule(flushInterval);
        this.key = key;
        this.format = format;
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
        out.collect(new TopicRecord(key, Json.encode(format.total(n))));
    }
}
