package io.rapport.jobs.offer;

import io.rapport.event.EventType;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.OfferStats;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per offer (keyed by offerId): impressions and redemptions, published as {@link OfferStats} after
 * every change; the API's propensity learns from them. An eventId counts once within the dedupe
 * horizon.
 *
 * <p>State: two counters (O(1) per offer, kept as long as the offer gets events) and {@code seen}
 * (eventId → time it may be forgotten), emptied by event-time timers rounded up to the minute, so
 * it holds at most the horizon's events. Per-segment counts are not filled yet (the events do not
 * carry the customer's segment); {@code bySegment} stays empty and the API uses the offer-wide
 * estimate.
 */
public class OfferStatsFunction extends KeyedProcessFunction<String, OfferOutcome, TopicRecord> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000;

    private final long dedupeMillis;
    private transient ValueState<Long> impressions;
    private transient ValueState<Long> redemptions;
    private transient MapState<String, Long> seen;

    public OfferStatsFunction(OfferJobSettings settings) {
        this.dedupeMillis = settings.dedupeHorizon().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        impressions = getRuntimeContext().getState(new ValueStateDescriptor<>("impressions", Types.LONG));
        redemptions = getRuntimeContext().getState(new ValueStateDescriptor<>("redemptions", Types.LONG));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.LONG));
    }

    @Override
    public void processElement(OfferOutcome o, Context ctx, Collector<TopicRecord> out) throws Exception {
        ValueState<Long> counter = switch (o.type) {
            case OFFER_IMPRESSION -> impressions;
            case OFFER_REDEEM -> redemptions;
            default -> null;
        };
        if (counter == null || seen.contains(o.eventId)) {
            return;
        }
        long forgetAt = ((o.timestamp + dedupeMillis) / MINUTE + 1) * MINUTE;
        seen.put(o.eventId, forgetAt);
        ctx.timerService().registerEventTimeTimer(forgetAt);
        counter.update(value(counter) + 1);
        out.collect(new TopicRecord(o.offerId,
                Json.encode(new OfferStats(o.offerId, value(impressions), value(redemptions), Map.of()))));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        Iterator<Map.Entry<String, Long>> entries = seen.iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() <= timestamp) {
                entries.remove();
            }
        }
        if (seen.isEmpty()) {
            seen.clear(); // an emptied map still holds a state entry until cleared
        }
    }

    private static long value(ValueState<Long> state) throws Exception {
        Long v = state.value();
        return v == null ? 0 : v;
    }
}
