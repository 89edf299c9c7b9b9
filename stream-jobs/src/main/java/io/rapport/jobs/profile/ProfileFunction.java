package io.rapport.jobs.profile;

import io.rapport.event.EventType;
import io.rapport.jobs.ingest.CustomerEvent;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import io.rapport.profile.JourneyStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps one customer's profile, keyed by customerId, and publishes it as a {@code CustomerProfile}
 * upsert (debounced by {@link FlushSchedule}: at most one per {@code flushInterval}, and one at the
 * end of a bounded input), or a tombstone when the customer is erased or expires.
 *
 * <p>Invariants, per customer:
 *
 * <ul>
 *   <li>Each event counts once: its eventId, and a purchase's orderId, are remembered for at least
 *       its {@link #memoryOf memory} of event time after the event (at most a quarter {@code
 *       dedupWindow} more, as pruning is batched), and an event already its memory behind the
 *       watermark is ignored, so a duplicate can never outlive the memory of its original. The memory
 *       is {@code retention} for purchases, profile updates and feedback, which describe the customer
 *       however late they arrive (a back-dated order sets {@code lastPurchaseAt}, which win-back
 *       offers read), and {@code dedupWindow} for views, carts, searches and offer responses, whose
 *       weight in a profile fades within weeks. The seen ids are keyed state, so this holds across
 *       restarts from checkpoints.
 *   <li>{@code erase} (applied however late) clears every state of the customer, emits a
 *       tombstone at once and leaves an erasedAt marker: later replays of events at or before the erase
 *       are ignored, newer events start a new profile. An erase at or before the marker, the same
 *       erase resent above all, changes nothing: it must not take the newer profile too, which the
 *       other jobs keep counting. The marker is cleared once such events would be
 *       ignored as too late anyway ({@code retention} after the erase).
 *   <li>The journey stage follows {@link io.rapport.profile.JourneyRules} at {@code max(lastSeen,
 *       watermark)}; one event-time timer per customer moves it to at_risk / lapsed on inactivity.
 *   <li>State is bounded: the lists are capped (see {@link ProfileSettings}), the seen ids are pruned
 *       by event time when their memory ends, and a profile without events for {@code retention} is deleted with a tombstone.
 * </ul>
 *
 * <p>The same timer serves every event-time deadline of the customer (inactivity, pruning, expiry,
 * marker), set at the earliest. The final watermark of a bounded input ({@code Long.MAX_VALUE}) marks
 * the end of the input, not the passing of time, so it only flushes.
 */
public class ProfileFunction extends KeyedProcessFunction<String, CustomerEvent, TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final ProfileFolding folding;
    private final FlushSchedule flush;
    private final long dedupMillis;
    private final long retentionMillis;

    private transient ValueState<ProfileState> profile;
    private transient MapState<String, Long> seenIds;
    private transient ValueState<Long> timerAt;
    private transient ValueState<Long> erasedAt;

    public ProfileFunction(ProfileSettings settings) {
        this.folding = new ProfileFolding(settings);
        this.flush = new FlushSchedule(settings.flushInterval());
        this.dedupMillis = settings.dedupWindow().toMillis();
        this.retentionMillis = settings.retention().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        profile = getRuntimeContext().getState(new ValueStateDescriptor<>("profile", ProfileState.class));
        seenIds = getRuntimeContext().getMapState(new MapStateDescriptor<>("seenIds", String.class, Long.class));
        timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("timerAt", Long.class));
        erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erasedAt", Long.class));
        flush.open(getRuntimeContext());
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<TopicRecord> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        Long erased = erasedAt.value();
        if (event.type == EventType.ERASE) {
            if (erased == null || event.timestamp > erased) {
                erase(event.timestamp, ctx, out); // else a resent or older erase: it was done already
            }
            return;
        }
        long until = event.timestamp + memoryOf(event.type);
        if (erased != null && event.timestamp <= erased || until <= watermark) {
            return;
        }
        List<String> ids = idsOf(event);
        for (String id : ids) {
            if (seenIds.contains(id)) {
                return;
            }
        }
        ProfileState state = profile.value();
        if (state == null) {
            state = ProfileFolding.fresh(event.timestamp);
        }
        for (String id : ids) {
            seenIds.put(id, until);
        }
        state.idsExpireAt = Math.min(state.idsExpireAt, until);
        folding.apply(state, event);
        state.stage = folding.stageAt(state, Math.max(state.lastSeen, watermark));
        profile.update(state);
        flush.changed(ctx.timerService());
        schedule(state, Math.max(state.lastSeen, watermark), ctx.timerService());
    }

    /**
     * How long, in event time, an event of this type is applied after its timestamp and its ids
     * remembered: {@code retention} for what describes the customer at any age (orders, master data,
     * ratings), {@code dedupWindow} for browsing and offer responses.
     */
    private long memoryOf(EventType type) {
        return switch (type) {
            case PURCHASE, PROFILE_UPDATE, FEEDBACK -> retentionMillis;
            default -> dedupMillis;
        };
    }

    private static List<String> idsOf(CustomerEvent event) {
        List<String> ids = new ArrayList<>(2);
        ids.add("e:" + event.eventId);
        if (event.type == EventType.PURCHASE && event.orderId != null) {
            // only a purchase is an order: a redemption or feedback naming the order is its own event
            ids.add("o:" + event.orderId);
        }
        return ids;
    }

    private void erase(long at, Context ctx, Collector<TopicRecord> out) throws Exception {
        boolean hadProfile = profile.value() != null;
        clearProfile();
        flush.due(ctx.timerService());
        Long previous = erasedAt.value();
        erasedAt.update(previous == null ? at : Math.max(previous, at));
        if (hadProfile) {
            out.collect(TopicRecord.tombstone(ctx.getCurrentKey()));
        }
        schedule(null, ctx.timerService().currentWatermark(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        TimerService timers = ctx.timerService();
        Long due = timerAt.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME
                && timers.currentWatermark() != Long.MAX_VALUE
                && due != null
                && due == timestamp) {
            timerAt.clear();
            housekeeping(timestamp, ctx, out);
        }
        if (flush.due(timers)) {
            ProfileState state = profile.value();
            if (state != null) {
                String customerId = ctx.getCurrentKey();
                byte[] json = Json.encode(folding.snapshot(customerId, state, timers.currentProcessingTime()));
                out.collect(new TopicRecord(customerId, json));
            }
        }
    }

    /** Everything due at event time {@code now}: marker, expiry, pruning, inactivity. */
    private void housekeeping(long now, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        Long erased = erasedAt.value();
        if (erased != null && erased + retentionMillis <= now) {
            erasedAt.clear();
        }
        ProfileState state = profile.value();
        if (state != null && state.lastSeen + retentionMillis <= now) {
            clearProfile();
            flush.due(ctx.timerService());
            out.collect(TopicRecord.tombstone(ctx.getCurrentKey()));
            state = null;
        }
        if (state != null) {
            boolean changed = false;
            if (state.idsExpireAt <= now) {
                state.idsExpireAt = prune(now);
                changed = true;
            }
            JourneyStage stage = folding.stageAt(state, now);
            if (stage != state.stage) {
                state.stage = stage;
                flush.changed(ctx.timerService());
                changed = true;
            }
            if (changed) {
                profile.update(state);
            }
        }
        schedule(state, now, ctx.timerService());
    }

    /** Removes the seen ids whose memory ends at or before {@code now}; returns the first end left. */
    private long prune(long now) throws Exception {
        long oldest = Long.MAX_VALUE;
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> e : seenIds.entries()) {
            if (e.getValue() <= now) {
                expired.add(e.getKey());
            } else {
                oldest = Math.min(oldest, e.getValue());
            }
        }
        for (String id : expired) {
            seenIds.remove(id);
        }
        return oldest;
    }

    /** Sets the customer's one event-time timer to the earliest deadline after {@code now}, if any. */
    private void schedule(ProfileState state, long now, TimerService timers) throws Exception {
        long next = Long.MAX_VALUE;
        Long erased = erasedAt.value();
        if (erased != null) {
            next = erased + retentionMillis;
        }
        if (state != null) {
            next = Math.min(next, state.lastSeen + retentionMillis);
            if (state.idsExpireAt != Long.MAX_VALUE) {
                // Pruning waits a quarter window more, so that it runs at most once per quarter window.
                next = Math.min(next, state.idsExpireAt + dedupMillis / 4);
            }
            long inactivity = folding.nextInactivityChange(state, now);
            next = Math.min(next, inactivity);
        }
        Long current = timerAt.value();
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
            timerAt.clear();
        }
        if (next != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(next);
            timerAt.update(next);
        }
    }

    private void clearProfile() throws Exception {
        profile.clear();
        seenIds.clear();
    }
}
