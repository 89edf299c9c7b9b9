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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
 * owner of its items.
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

    private final long gapMillis;
    private final int maxItemsPerSession;
    private final int maxSessionsPerCustomer;
    private final long retentionMillis;
    private final EarliestTimer expiry = new EarliestTimer("expiryTimer");
    private final EraseMarker eraseMarker;

    private transient ListState<ViewSession> sessions;

    public CustomerSessionsFunction(CoViewSettings settings) {
        this.gapMillis = settings.sessionGap().toMillis();
        this.maxItemsPerSession = settings.maxItemsPerSession();
        this.maxSessionsPerCustomer = settings.maxSessionsPerCustomer();
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
        String item = action.itemIds[0];
        String category = action.categories == null ? null : action.categories[0];
        int index = ViewSessions.sessionFor(current, action.timestamp, gapMillis);
        ViewSession session;
        if (index >= 0) {
            session = current.get(index);
            session.start = Math.min(session.start, action.timestamp);
            session.last = Math.max(session.last, action.timestamp);
            List<String> fresh = PairCounting.newlyBought(Set.of(session.items), List.of(item), maxItemsPerSession);
            if (!fresh.isEmpty()) {
                out.collect(ItemDelta.counts(item, category, 0, 1, 0));
                emitPairs(Arrays.asList(session.items), fresh, 1, null, out);
                session.items = append(session.items, item);
            }
        } else if (current.size() < maxSessionsPerCustomer) {
            session = new ViewSession(action.timestamp, item);
            current.add(session);
            out.collect(ItemDelta.counts(item, category, 0, 1, 0));
            ctx.output(SESSIONS, 1L);
        } else {
            return; // past the cap: ignored entirely, so it neither counts nor is kept
        }
        sessions.update(current);
        expiry.schedule(session.last + retentionMillis, ctx.timerService());
    }

    private void erase(long timestamp, Context ctx, Collector<ItemDelta> out) throws Exception {
        for (ViewSession s : load()) {
            remove(s, ctx, out);
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
        List<ViewSession> kept = new ArrayList<>();
        long oldestLast = Long.MAX_VALUE;
        for (ViewSession s : load()) {
            if (s.last + retentionMillis <= timestamp) {
                remove(s, ctx, out);
            } else {
                kept.add(s);
                oldestLast = Math.min(oldestLast, s.last);
            }
        }
        sessions.update(kept);
        if (!kept.isEmpty()) {
            expiry.schedule(oldestLast + retentionMillis, ctx.timerService());
        }
    }

    /** Emits the exact negatives of what a session contributed. */
    private void remove(ViewSession session, Context ctx, Collector<ItemDelta> out) {
        for (String item : session.items) {
            out.collect(ItemDelta.counts(item, null, 0, -1, 0));
        }
        emitPairs(List.of(), Arrays.asList(session.items), -1, null, out);
        ctx.output(SESSIONS, -1L);
    }

    private List<ViewSession> load() throws Exception {
        List<ViewSession> loaded = new ArrayList<>();
        for (ViewSession s : sessions.get()) {
            loaded.add(s);
        }
        return loaded;
    }

    private static String[] append(String[] items, String item) {
        String[] more = Arrays.copyOf(items, items.length + 1);
        more[items.length] = item;
        return more;
    }
}
