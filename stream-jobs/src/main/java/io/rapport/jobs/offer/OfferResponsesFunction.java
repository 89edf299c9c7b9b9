package io.rapport.jobs.offer;

import io.rapport.event.EventType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * Per customer (keyed by customerId): what the customer contributes to each offer's {@code
 * OfferStats} — impressions and redemptions, overall and per segment — emitted as {@link
 * OfferStatsDelta}s for {@link OfferStatsFunction}, and subtracted again on {@code erase} or when
 * the contribution leaves {@link OfferJobSettings#statsRetention}. Clicks are not counted: the
 * propensity is redemptions per impression.
 *
 * <p>Segments: an impression counts under the segments it carries ({@code OutcomeSegments}, which
 * the API stamps with the customer's segments when the impression is posted). A redemption counts
 * under the segments of the customer's latest impression of the same offer — the segments the
 * offer was shown to, so a segment's redemptions are of its own impressions even when redeeming
 * moves the customer on (a purchase turns {@code carted} into {@code first_purchase}) — or, with no
 * impression held, under the segments it carries itself.
 *
 * <p>Counting once: an eventId is remembered for {@link OfferJobSettings#dedupeHorizon}; events at or
 * before an erase, or already {@code statsRetention} behind the watermark, are ignored.
 *
 * <p>State per customer, bounded: {@code counts} ("offerId\0segment" → {impressions, redemptions}, "" for
 * the offer's totals; at most {@value #MAX_OFFERS_PER_CUSTOMER} offers × (1 + 10 segments)), {@code
 * latest} (offerId → segments of the latest impression), {@code lastAt} (offerId → latest outcome
 * time), {@code seen} (the horizon's eventIds) and after an erase {@code erasedAt}. Event-time
 * timers rounded up to the minute (eventIds) and the day (retention) clear them; an erase clears
 * everything but the marker, which goes one retention later. The final watermark of a bounded
 * input expires nothing.
 */
public class OfferResponsesFunction extends KeyedProcessFunction<String, OfferOutcome, OfferStatsDelta> {
    private static final long serialVersionUID = 1L;
    static final int MAX_OFFERS_PER_CUSTOMER = 1_000;
    private static final char SEP = '\u0000';
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    private final long dedupeMillis;
    private final long retentionMillis;
    private transient MapState<String, long[]> counts;
    private transient MapState<String, String[]> latest;
    private transient MapState<String, Long> lastAt;
    private transient MapState<String, Long> seen;
    private transient ValueState<Long> erasedAt;

    public OfferResponsesFunction(OfferJobSettings settings) {
        this.dedupeMillis = settings.dedupeHorizon().toMillis();
        this.retentionMillis = settings.statsRetention().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "counts", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        latest = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("latest", Types.STRING, Types.OBJECT_ARRAY(Types.STRING)));
        lastAt = getRuntimeContext().getMapState(new MapStateDescriptor<>("lastAt", Types.STRING, Types.LONG));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.LONG));
        erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erasedAt", Types.LONG));
    }

    @Override
    public void processElement(OfferOutcome o, Context ctx, Collector<OfferStatsDelta> out) throws Exception {
        Long erased = erasedAt.value();
        if (erased != null && o.timestamp <= erased) {
            return; // the erased customer's past, replayed or late
        }
        if (o.type == EventType.ERASE) {
            for (String offerId : toList(lastAt.keys())) {
                subtract(offerId, out);
            }
            seen.clear();
            erasedAt.update(o.timestamp);
            ctx.timerService().registerEventTimeTimer(dayCeil(o.timestamp + retentionMillis));
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        boolean counted = o.type == EventType.OFFER_IMPRESSION || o.type == EventType.OFFER_REDEEM;
        if (!counted
                || o.offerId == null
                || seen.contains(o.eventId)
                || (watermark != Long.MIN_VALUE && o.timestamp <= watermark - retentionMillis)) {
            return;
        }
        Long previous = lastAt.get(o.offerId);
        if (previous == null && size(lastAt.keys()) >= MAX_OFFERS_PER_CUSTOMER) {
            return;
        }
        long forgetAt = (Math.floorDiv(o.timestamp + dedupeMillis, MINUTE) + 1) * MINUTE;
        seen.put(o.eventId, forgetAt);
        ctx.timerService().registerEventTimeTimer(forgetAt);
        String[] segments = o.segments == null ? new String[0] : o.segments;
        if (o.type == EventType.OFFER_IMPRESSION) {
            latest.put(o.offerId, segments);
        } else if (latest.contains(o.offerId)) {
            segments = latest.get(o.offerId);
        }
        long impressions = o.type == EventType.OFFER_IMPRESSION ? 1 : 0;
        long redemptions = 1 - impressions;
        add(key(o.offerId, ""), impressions, redemptions);
        for (String segment : segments) {
            add(key(o.offerId, segment), impressions, redemptions);
        }
        long last = previous == null ? o.timestamp : Math.max(previous, o.timestamp);
        lastAt.put(o.offerId, last);
        ctx.timerService().registerEventTimeTimer(dayCeil(last + retentionMillis));
        out.collect(new OfferStatsDelta(o.offerId, true, segments, impressions, redemptions));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OfferStatsDelta> out) throws Exception {
        Iterator<Map.Entry<String, Long>> ids = seen.iterator();
        while (ids.hasNext()) {
            if (ids.next().getValue() <= timestamp) {
                ids.remove();
            }
        }
        if (seen.isEmpty()) {
            seen.clear(); // an emptied map still holds a state entry until cleared
        }
        Long erased = erasedAt.value();
        if (erased != null && dayCeil(erased + retentionMillis) <= timestamp) {
            erasedAt.clear();
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // the end of a bounded input, not the passing of a year
        }
        for (Map.Entry<String, Long> offer : toEntries(lastAt.entries())) {
            if (offer.getValue() + retentionMillis <= timestamp) {
                subtract(offer.getKey(), out);
            }
        }
    }

    /** Emits the negative of everything the customer contributed to the offer and forgets it. */
    private void subtract(String offerId, Collector<OfferStatsDelta> out) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entries()) {
            int sep = e.getKey().indexOf(SEP);
            if (!e.getKey().substring(0, sep).equals(offerId)) {
                continue;
            }
            keys.add(e.getKey());
            String segment = e.getKey().substring(sep + 1);
            long[] c = e.getValue();
            out.collect(
                    segment.isEmpty()
                            ? new OfferStatsDelta(offerId, true, new String[0], -c[0], -c[1])
                            : new OfferStatsDelta(offerId, false, new String[] {segment}, -c[0], -c[1]));
        }
        for (String k : keys) {
            counts.remove(k);
        }
        latest.remove(offerId);
        lastAt.remove(offerId);
        clearIfEmpty();
    }

    private void clearIfEmpty() throws Exception {
        if (lastAt.isEmpty()) {
            counts.clear();
            latest.clear();
            lastAt.clear();
        }
    }

    private void add(String key, long impressions, long redemptions) throws Exception {
        long[] c = counts.get(key);
        counts.put(
                key,
                c == null
                        ? new long[] {impressions, redemptions}
                        : new long[] {c[0] + impressions, c[1] + redemptions});
    }

    private static String key(String offerId, String segment) {
        return offerId + SEP + segment;
    }

    private static long dayCeil(long t) {
        return (Math.floorDiv(t, DAY) + 1) * DAY;
    }

    private static <T> List<T> toList(Iterable<T> it) {
        List<T> list = new ArrayList<>();
        it.forEach(list::add);
        return list;
    }

    private static List<Map.Entry<String, Long>> toEntries(Iterable<Map.Entry<String, Long>> it) {
        List<Map.Entry<String, Long>> list = new ArrayList<>();
        it.forEach(e -> list.add(Map.entry(e.getKey(), e.getValue())));
        return list;
    }

    private static int size(Iterable<?> it) {
        int n = 0;
        for (Object ignored : it) {
            n++;
        }
        return n;
    }
}
