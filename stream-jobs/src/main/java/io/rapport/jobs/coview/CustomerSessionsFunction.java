package io.rapport.jobs.coview;

import io.rapport.copurchase.PairCounting;
import io.rapport.coview.ViewSessions;
import io.rapport.event.EventType;
import io.rapport.jobs.copurchase.ItemDelta;
import io.rapport.jobs.copurchase.ItemDeltaFunction;
import io.rapport.jobs.copurchase.ItemNeighboursFunction;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.state.EarliestTimer;
import io.rapport.jobs.state.EraseMarker;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 1 of co-view counting, keyed by customerId: puts the customer's views into sessions
 * ({@link ViewSessions}) and turns every change of a session's item set into {@link ItemDelta}s for
 * {@link ItemNeighboursFunction}, with the {@link PairCounting} rules applied to the session as the
 * owner of its items. The rules themselves are {@link SessionCounting}'s (shared with the offline
 * evaluation); this function keeps the sessions as state and schedules their expiry.
 *
 * <p>Invariants, per customer: the deltas emitted so far sum to exactly the customer's current
 * sessions' contribution: +1 {@code viewers} (a view session) per item of each session, +1 in each
 * direction ({@code coPurchases}: sessions in which both were viewed) per pair of items of one
 * session, and +1 {@link #SESSIONS} per session. An item viewed again in the same session, and so
 * a duplicated event, emits nothing. At most {@code maxItemsPerSession} items per session and
 * {@code maxSessionsPerCustomer} sessions count; views past a cap are ignored, which depends only
 * on the customer's event order.
 *
 * <p>State is bounded and always cleared: a session is removed, with its exact negatives, once
 * {@code retention} of event time has passed since its last view (one event-time timer per
 * customer at the earliest such expiry); views already past retention are ignored. {@code erase}
 * removes every session at once and leaves an erasedAt marker, so that a replay of older events is
 * ignored, cleared one retention later. The final watermark of a bounded input expires nothing.
 */
public class CustomerSessionsFunction extends ItemDeltaFunction<ShopperAction> {
    private static final long serialVersionUID = 1L;

    /** +1 when a session starts counting, -1 when it stops. */
    public static final OutputTag<Long> SESSIONS = new OutputTag<>("view-sessions", Types.LONG);

    private final SessionCounting counting;
    private final long retentionMillis;
    private final EarliestTimer expiry = new EarliestTimer("expiryTimer");
    private final EraseMarker eraseMarker;

    private transient ListState<ViewSession> sessions;

    public CustomerSessionsFunction(CoViewSettings settings) {
        this.counting = new SessionCounting(settings);
        this.retentionMillis = settings.retention().toMillis();
        this.eraseMarker = new EraseMarker(retentionMillis);
    }

    @Override
    public void open(OpenContext openContext) {
        sessions = getRuntimeContext().getListState(new ListStateDescriptor<>("sessions", ViewSession.class));
        eraseMarker.open(getRuntimeContext());
        expiry.open(getRuntimeContext());
    }

    @Override
    public void processElement(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        if (eraseMarker.covers(action.timestamp)) {
            return;
        }
        if (action.type == EventType.ERASE) {
            erase(action.timestamp, ctx, out);
        } else if (action.type == EventType.VIEW
                && action.timestamp + retentionMillis > ctx.timerService().currentWatermark()) {
            view(action, ctx, out);
        }
    }

    private void view(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        List<ViewSession> current = load();
        String category = action.categories == null ? null : action.categories[0];
        ViewSession session = counting.view(current, action.itemIds[0], category, action.timestamp, emit(ctx, out));
        if (session == null) {
            return; // past the cap: ignored entirely, so it neither counts nor is kept
        }
        sessions.update(current);
        expiry.schedule(session.last + retentionMillis, ctx.timerService());
    }

    private void erase(long timestamp, Context ctx, Collector<ItemDelta> out) throws Exception {
        for (ViewSession s : load()) {
            SessionCounting.remove(s, emit(ctx, out));
        }
        sessions.clear();
        expiry.cancel(ctx.timerService());
        eraseMarker.mark(timestamp, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemDelta> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
        eraseMarker.onTimer(timestamp);
        if (!expiry.due(timestamp)) {
            return;
        }
        List<ViewSession> kept = load();
        counting.expire(kept, timestamp, emit(ctx, out));
        long oldestLast = Long.MAX_VALUE;
        for (ViewSession s : kept) {
            oldestLast = Math.min(oldestLast, s.last);
        }
        sessions.update(kept);
        if (!kept.isEmpty()) {
            expiry.schedule(oldestLast + retentionMillis, ctx.timerService());
        }
    }

    /** The deltas of {@link SessionCounting} as this function's output. */
    private SessionCounting.Deltas emit(Context ctx, Collector<ItemDelta> out) {
        return new SessionCounting.Deltas() {
            @Override
            public void item(String itemId, String category, int delta) {
                out.collect(ItemDelta.counts(itemId, category, 0, delta, 0));
            }

            @Override
            public void pairs(List<String> others, List<String> changed, int delta) {
                emitPairs(others, changed, delta, null, out);
            }

            @Override
            public void session(int delta) {
                ctx.output(SESSIONS, (long) delta);
            }
        };
    }

    private List<ViewSession> load() throws Exception {
        List<ViewSession> loaded = new ArrayList<>();
        for (ViewSession s : sessions.get()) {
            loaded.add(s);
        }
        return loaded;
    }
}
