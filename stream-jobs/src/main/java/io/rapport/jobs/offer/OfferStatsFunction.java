package io.rapport.jobs.offer;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.OfferStats;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per offer (keyed by offerId): sums the {@link OfferStatsDelta}s of every customer into impressions
 * and redemptions, overall and per segment, published as {@link OfferStats} after every change; the
 * API's propensity learns from them. Sums do not depend on order, so the result is the same however
 * the deltas of different customers interleave. Deduplication happens upstream, per customer ({@link
 * OfferResponsesFunction}).
 *
 * <p>State: two counters and at most {@link OfferJobSettings#maxSegmentsPerOffer} segment entries
 * (a new segment past the cap counts toward the totals only; a segment back at zero leaves). When
 * everything is back at zero (every contributor erased or expired) the offer's state is cleared and
 * a tombstone published.
 */
public class OfferStatsFunction extends KeyedProcessFunction<String, OfferStatsDelta, TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final int maxSegments;
    private transient ValueState<Long> impressions;
    private transient ValueState<Long> redemptions;
    private transient MapState<String, long[]> bySegment;

    public OfferStatsFunction(OfferJobSettings settings) {
        this.maxSegments = settings.maxSegmentsPerOffer();
    }

    @Override
    public void open(OpenContext openContext) {
        impressions = getRuntimeContext().getState(new ValueStateDescriptor<>("impressions", Types.LONG));
        redemptions = getRuntimeContext().getState(new ValueStateDescriptor<>("redemptions", Types.LONG));
        bySegment = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "bySegment", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(OfferStatsDelta d, Context ctx, Collector<TopicRecord> out) throws Exception {
        if (d.overall) {
            impressions.update(value(impressions) + d.impressions);
            redemptions.update(value(redemptions) + d.redemptions);
        }
        for (String segment : d.segments) {
            long[] c = bySegment.get(segment);
            if (c == null) {
                // A segment left out at the cap is never subtracted either.
                if (d.impressions < 0 || d.redemptions < 0 || size() >= maxSegments) {
                    continue;
                }
                c = new long[2];
            }
            long[] next = {c[0] + d.impressions, c[1] + d.redemptions};
            if (next[0] == 0 && next[1] == 0) {
                bySegment.remove(segment);
            } else {
                bySegment.put(segment, next);
            }
        }
        String offerId = ctx.getCurrentKey();
        if (value(impressions) == 0 && value(redemptions) == 0 && bySegment.isEmpty()) {
            impressions.clear();
            redemptions.clear();
            bySegment.clear();
            out.collect(TopicRecord.tombstone(offerId));
            return;
        }
        Map<String, OfferStats.Responses> segments = new HashMap<>();
        for (Map.Entry<String, long[]> e : bySegment.entries()) {
            segments.put(e.getKey(), new OfferStats.Responses(e.getValue()[0], e.getValue()[1]));
        }
        out.collect(new TopicRecord(
                offerId, Json.encode(new OfferStats(offerId, value(impressions), value(redemptions), segments))));
    }

    private int size() throws Exception {
        int n = 0;
        for (String ignored : bySegment.keys()) {
            n++;
        }
        return n;
    }

    private static long value(ValueState<Long> state) throws Exception {
        Long v = state.value();
        return v == null ? 0 : v;
    }
}
