package io.rapport.jobs.offer;

import io.rapport.event.EventType;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.ContactHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per customer (keyed by customerId): offer impressions per UTC day and offer over the last {@value
 * ContactHistory#DAYS} days, published as a {@link ContactHistory} after every change; the API
 * applies the contact caps from it. An eventId counts once.
 *
 * <p>State: {@code counts} ("epochDay/offerId" → impressions) and {@code seen} (eventId → epochDay),
 * both bounded by the window: an event-time timer at the end of each day's window drops that day
 * from both, and publishes a tombstone once nothing is left. An impression whose day already left
 * the window (by the watermark) is ignored. {@code erase} clears everything, publishes a tombstone
 * and leaves an erasedAt marker until the erase's day leaves the window: impressions and erases at or
 * before it (replays, a resent erase) are ignored, so the customer's older contacts do not come back
 * and a resent erase does not clear the contacts made since, which would lift the caps.
 */
public class ContactHistoryFunction extends KeyedProcessFunction<String, OfferOutcome, TopicRecord> {
    private static final long serialVersionUID = 1L;
    static final long DAY_MILLIS = 86_400_000L;

    private transient MapState<String, Long> counts;
    private transient ValueState<Long> erasedAt;
    private transient MapState<String, Long> seen;

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.STRING, Types.LONG));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.LONG));
        erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erasedAt", Types.LONG));
    }

    @Override
    public void processElement(OfferOutcome o, Context ctx, Collector<TopicRecord> out) throws Exception {
        Long erased = erasedAt.value();
        if (erased != null && o.timestamp <= erased) {
            return;
        }
        if (o.type == EventType.ERASE) {
            counts.clear();
            seen.clear();
            erasedAt.update(o.timestamp);
            ctx.timerService()
                    .registerEventTimeTimer(
                            (Math.floorDiv(o.timestamp, DAY_MILLIS) + ContactHistory.DAYS) * DAY_MILLIS);
            out.collect(TopicRecord.tombstone(o.customerId));
            return;
        }
        if (o.type != EventType.OFFER_IMPRESSION) {
            return;
        }
        long day = Math.floorDiv(o.timestamp, DAY_MILLIS);
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && day <= Math.floorDiv(watermark, DAY_MILLIS) - ContactHistory.DAYS) {
            return;
        }
        if (seen.contains(o.eventId)) {
            return;
        }
        seen.put(o.eventId, day);
        String key = day + "/" + o.offerId;
        Long before = counts.get(key);
        counts.put(key, before == null ? 1 : before + 1);
        ctx.timerService().registerEventTimeTimer((day + ContactHistory.DAYS) * DAY_MILLIS);
        out.collect(snapshot(ctx.getCurrentKey()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        long lastExpiredDay = timestamp / DAY_MILLIS - ContactHistory.DAYS;
        Long erased = erasedAt.value();
        if (erased != null && Math.floorDiv(erased, DAY_MILLIS) <= lastExpiredDay) {
            erasedAt.clear(); // what it covers is out of the window now, ignored anyway
        }
        removeUpTo(counts.iterator(), lastExpiredDay, true);
        removeUpTo(seen.iterator(), lastExpiredDay, false);
        if (counts.isEmpty()) {
            // An emptied map still holds a state entry until cleared.
            counts.clear();
            seen.clear();
            out.collect(TopicRecord.tombstone(ctx.getCurrentKey()));
        } else {
            out.collect(snapshot(ctx.getCurrentKey()));
        }
    }

    private static void removeUpTo(Iterator<Map.Entry<String, Long>> entries, long lastExpiredDay, boolean dayInKey) {
        while (entries.hasNext()) {
            Map.Entry<String, Long> e = entries.next();
            long day =
                    dayInKey ? Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('/'))) : e.getValue();
            if (day <= lastExpiredDay) {
                entries.remove();
            }
        }
    }

    private TopicRecord snapshot(String customerId) throws Exception {
        Map<Long, Map<String, Long>> byDay = new TreeMap<>();
        for (Map.Entry<String, Long> e : counts.entries()) {
            int slash = e.getKey().indexOf('/');
            byDay.computeIfAbsent(Long.parseLong(e.getKey().substring(0, slash)), d -> new HashMap<>())
                    .put(e.getKey().substring(slash + 1), e.getValue());
        }
        List<ContactHistory.Day> days = new ArrayList<>();
        byDay.forEach((day, impressions) -> days.add(new ContactHistory.Day(day, impressions)));
        return new TopicRecord(customerId, Json.encode(new ContactHistory(customerId, days)));
    }
}
