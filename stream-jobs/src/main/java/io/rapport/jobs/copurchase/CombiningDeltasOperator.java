package io.rapport.jobs.copurchase;

import java.time.Duration;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.graph.StreamConfig;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.StreamTask;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Runs a customer-stage function of the co-purchase or co-view job ({@link CustomerItemsFunction},
 * {@code CustomerSessionsFunction}) and sums the {@link ItemDelta}s it emits, and the pair changes
 * it hands over directly ({@link ItemDeltaFunction#emitPairs}), per item in a {@link DeltaCombiner} for up to half the item stage's flush interval (processing time) before sending them
 * on, so a change reaches the published snapshot at most 1.5 flush intervals later. An item that
 * the purchases of many customers change within the interval then receives one record with the net
 * change of each pair count instead of one record per purchase, and the item stage probes each
 * changed pair once: the records between the two stages were the job's main cost.
 *
 * <p>Nothing is held across a checkpoint, so the combiner needs no state and the counts stay exact:
 * the sums are sent before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}), before
 * every watermark (so the final watermark of a bounded input follows all of them), and when the
 * input ends. Side outputs pass through as they are emitted.
 *
 * <p>A flushed delta carries the newest event time among the inputs summed since the last flush (no
 * timestamp when only timers made changes), so that the item stage dates what it receives by the
 * events rather than by its own watermark, which lags after a jump in event time. New buyers of
 * other UTC days than that newest time's travel in deltas of their own, one per item and day,
 * stamped with that day's newest event time ({@link DeltaCombiner#flush(long,
 * DeltaCombiner.Flushed)}): an item's recent buyers count each by the day of its purchase, even
 * when a history import mixes months in one interval.
 *
 * @param <IN> the function's input
 */
public final class CombiningDeltasOperator<IN> extends KeyedProcessOperator<String, IN, ItemDelta> {
    private static final long serialVersionUID = 1L;

    private final long intervalMillis;

    private transient DeltaCombiner combiner;
    private transient Output<StreamRecord<ItemDelta>> downstream;
    private transient boolean flushScheduled;
    private transient long newestTimestamp = Long.MIN_VALUE;

    /** @param flushInterval the item stage's snapshot flush interval; deltas are summed for half of it (at least 1 ms) */
    public CombiningDeltasOperator(ItemDeltaFunction<IN> function, Duration flushInterval) {
        super(function);
        this.intervalMillis = Math.max(1, flushInterval.toMillis() / 2);
    }

    @Override
    protected void setup(StreamTask<?, ?> task, StreamConfig config, Output<StreamRecord<ItemDelta>> output) {
        downstream = output;
        combiner = new DeltaCombiner();
        ((ItemDeltaFunction<IN>) userFunction).combineInto(combiner);
        super.setup(task, config, new Combining());
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        if (element.hasTimestamp()) {
            newestTimestamp = Math.max(newestTimestamp, element.getTimestamp());
            combiner.stamp(element.getTimestamp());
        } else {
            combiner.stamp(DeltaCombiner.UNSTAMPED);
        }
        super.processElement(element);
        scheduleFlush();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        combiner.stamp(timer.getTimestamp());
        super.onEventTime(timer);
        scheduleFlush();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        combiner.stamp(DeltaCombiner.UNSTAMPED);
        super.onProcessingTime(timer);
        scheduleFlush();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        flush();
    }

    /** Sends the sums within the interval: one flush is pending whenever the combiner holds any. */
    private void scheduleFlush() {
        if (flushScheduled || combiner.isEmpty()) {
            return;
        }
        flushScheduled = true;
        long at = getProcessingTimeService().getCurrentProcessingTime() + intervalMillis;
        getProcessingTimeService().registerTimer(at, time -> {
            flushScheduled = false;
            flush();
        });
    }

    private void flush() {
        long at = newestTimestamp;
        newestTimestamp = Long.MIN_VALUE;
        combiner.flush(
                at,
                (delta, stamp) -> downstream.collect(
                        stamp == DeltaCombiner.UNSTAMPED
                                ? new StreamRecord<>(delta)
                                : new StreamRecord<>(delta, stamp)));
    }

    /** The function's output: main-output deltas are summed, everything else passes (after a flush where order matters). */
    private final class Combining implements Output<StreamRecord<ItemDelta>> {
        @Override
        public void collect(StreamRecord<ItemDelta> record) {
            combiner.add(record.getValue());
        }

        @Override
        public <X> void collect(OutputTag<X> outputTag, StreamRecord<X> record) {
            downstream.collect(outputTag, record);
        }

        @Override
        public void emitWatermark(Watermark mark) {
            flush();
            downstream.emitWatermark(mark);
        }

        @Override
        public void emitWatermark(WatermarkEvent watermark) {
            flush();
            downstream.emitWatermark(watermark);
        }

        @Override
        public void emitWatermarkStatus(WatermarkStatus status) {
            flush();
            downstream.emitWatermarkStatus(status);
        }

        @Override
        public void emitLatencyMarker(LatencyMarker marker) {
            downstream.emitLatencyMarker(marker);
        }

        @Override
        public void emitRecordAttributes(RecordAttributes attributes) {
            flush();
            downstream.emitRecordAttributes(attributes);
        }

        @Override
        public void close() {
            downstream.close();
        }
    }
}
