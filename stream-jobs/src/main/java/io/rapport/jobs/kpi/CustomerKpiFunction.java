package io.rapport.jobs.kpi;

import io.rapport.event.EventType;
import io.rapport.jobs.state.EarliestTimer;
import io.rapport.jobs.state.EraseMarker;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by customer: drops duplicate eventIds, and purchases repeating an orderId already seen (a
 * purchase is one whole order, so that is the order sent again; the profile job drops it too), and
 * turns each new event into {@link KpiDelta}s for
 * the minute pane of its event time (see {@code io.rapport.kpi} for the definitions and
 * conventions); {@link RollUpDeltas} adds them to the hour and day panes too. Buyer deltas are the
 * exception: they are emitted here for each {@link PaneSize}, since "bought in this pane, keyed by
 * the previous purchase pane" differs by size.
 *
 * <p>Counts that must be distinct over any window are emitted once, into one pane: a customer's membership of an offer's treated or control group in
 * the pane of their first exposure, and their conversion into that same pane, so that every window
 * holds {@code converted ≤ customers}. Keyed by customer because an eventId, an orderId and an
 * exposure each belong to one customer, and Kafka keeps one customer's events in order: a purchase
 * converts the exposures and is attributed to the recommendation clicks already seen.
 *
 * <p>For retention each pane counts its buyers once, by the pane of their previous purchase ({@link
 * KpiPane#buyers()}); a purchase arriving out of order between two known purchase panes moves the
 * later pane's buyer to the new previous pane (−1 and +1), so the counts stay exact in any order.
 * Per size the customer's purchase panes are remembered for {@link
 * KpiSettings#purchaseMemoryMillis} behind the watermark (pruned at each purchase, and by an
 * event-time timer — plus a processing-time TTL as long — for customers who never come back): older ones can neither be updated nor be told from
 * "none" ({@link PaneSize#keyHorizon()}), so forgetting them changes no count.
 *
 * <p>Erase (PRODUCT.md: every count the customer contributed to is decremented): the customer's
 * contributions are kept, summed per pane and count ({@code contributions}), and an erase emits
 * their exact negatives, so every pane still kept loses what the customer added to it, buyers and
 * offer groups included. A contribution lives as long as its pane: a minute one past the minute
 * panes' retention becomes the same amount in its hour and day panes, an hour or day one past its
 * retention goes (see {@link #onTimer}). The erase clears all but the eventIds and leaves an {@link
 * EraseMarker}, so that a replay of the customer's events at or before it is ignored; the erase is
 * itself counted as an event of type {@code erase}.
 *
 * <p>State per customer: the eventIds and orderIds seen and the last recommendation click per item
 * (TTL {@link KpiSettings#customerStateTtl()}), one {@link OfferExposure} per offer (TTL {@link
 * KpiSettings#exposureTtl()}), the purchase panes of each size (above: at most 7,200 minutes, 696
 * hours and 760 days however much the customer buys), the contributions (a few per event for the
 * minute panes of the last 3 days, then per hour and per day; TTL the day panes' retention).
 */
public class CustomerKpiFunction extends KeyedProcessFunction<String, KpiEvent, KpiDelta> {
    private static final long serialVersionUID = 1L;
    /** Most clicks kept per recommended item. */
    static final int CLICKS_PER_ITEM = 8;
    /** Most purchases kept for conversions and attributions arriving late. */
    static final int KEPT_PURCHASES = 32;

    private final KpiSettings settings;

    private transient MapState<String, Boolean> seenEvents;
    private transient MapState<String, Boolean> seenOrders;
    private transient MapState<String, OfferExposure> exposures;
    /** The latest click per item as kept before {@link #clickTimes}: read, never written. */
    private transient MapState<String, Long> recommendationClicks;
    /** Per recommended item, the times of its latest {@value #CLICKS_PER_ITEM} clicks. */
    private transient MapState<String, long[]> clickTimes;

    private transient ListState<KeptPurchase> keptPurchases;
    private transient Map<PaneSize, MapState<Long, Boolean>> purchasePanes;
    private transient MapState<String, Long> contributions;
    private transient Counter duplicates;
    // one timer for the purchase panes and the contributions (the state keeps its first name)
    private final EarliestTimer expiry = new EarliestTimer("purchasePanesExpiry");
    private final EraseMarker eraseMarker;

    public CustomerKpiFunction(KpiSettings settings) {
        this.settings = settings;
        this.eraseMarker = new EraseMarker(settings.paneRetention(PaneSize.DAY).toMillis());
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl =
                StateTtlConfig.newBuilder(settings.customerStateTtl()).build();
        seenEvents = mapState("seenEvents", Types.BOOLEAN, ttl);
        seenOrders = mapState("seenOrders", Types.BOOLEAN, ttl);
        exposures = mapState(
                "exposures",
                TypeInformation.of(OfferExposure.class),
                StateTtlConfig.newBuilder(settings.exposureTtl()).build());
        recommendationClicks = mapState("recommendationClicks", Types.LONG, ttl);
        @SuppressWarnings("unchecked")
        TypeInformation<long[]> times = (TypeInformation<long[]>) Types.PRIMITIVE_ARRAY(Types.LONG);
        clickTimes = mapState("recommendationClickTimes", times, ttl);
        ListStateDescriptor<KeptPurchase> kept =
                new ListStateDescriptor<>("keptPurchases", TypeInformation.of(KeptPurchase.class));
        kept.enableTimeToLive(ttl);
        keptPurchases = getRuntimeContext().getListState(kept);
        purchasePanes = new EnumMap<>(PaneSize.class);
        for (PaneSize size : PaneSize.values()) {
            purchasePanes.put(size, getRuntimeContext().getMapState(purchasePanesDescriptor(size, settings)));
        }
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        expiry.open(getRuntimeContext());
        eraseMarker.open(getRuntimeContext());
        contributions = getRuntimeContext().getMapState(contributionsDescriptor(settings));
    }

    /** The starts of a customer's purchase panes of {@code size}. */
    static MapStateDescriptor<Long, Boolean> purchasePanesDescriptor(PaneSize size, KpiSettings settings) {
        // the minute panes keep the name they had before hours and days were added
        String name = size == PaneSize.MINUTE
                ? "purchasePanes"
                : "purchasePanes-" + size.name().toLowerCase();
        MapStateDescriptor<Long, Boolean> panes = new MapStateDescriptor<>(name, Types.LONG, Types.BOOLEAN);
        panes.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(settings.purchaseMemoryMillis(size)))
                .build());
        return panes;
    }

    /** A customer's contributions: {@link KpiDelta#paneId()}, a space and the counter, to the amount. */
    static MapStateDescriptor<String, Long> contributionsDescriptor(KpiSettings settings) {
        MapStateDescriptor<String, Long> contributions =
                new MapStateDescriptor<>("contributions", Types.STRING, Types.LONG);
        contributions.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.paneRetention(PaneSize.DAY)).build());
        return contributions;
    }

    private <V> MapState<String, V> mapState(String name, TypeInformation<V> type, StateTtlConfig ttl) {
        MapStateDescriptor<String, V> descriptor = new MapStateDescriptor<>(name, Types.STRING, type);
        descriptor.enableTimeToLive(ttl);
        return getRuntimeContext().getMapState(descriptor);
    }

    @Override
    public void processElement(KpiEvent e, Context ctx, Collector<KpiDelta> out) throws Exception {
        if (seenEvents.contains(e.eventId)) {
            duplicates.inc();
            return;
        }
        seenEvents.put(e.eventId, true);
        if (eraseMarker.covers(e.timestamp)) {
            duplicates.inc(); // a replay of an erased customer's event, or an erase already done
            return;
        }
        if (e.type == EventType.ERASE) {
            erase(e, ctx.timerService(), out);
            return;
        }
        if (e.type == EventType.PURCHASE && e.orderId != null && seenOrders.contains(e.orderId)) {
            // a purchase is one whole order: the same order again under a new eventId is a resend
            duplicates.inc();
            return;
        }
        List<KpiDelta> deltas = new ArrayList<>();
        count(e, ctx.timerService().currentWatermark(), new ListCollector<>(deltas));
        TimerService timers = ctx.timerService();
        for (KpiDelta delta : deltas) {
            out.collect(delta);
            remember(delta, timers);
        }
        if (e.type == EventType.PURCHASE) {
            schedulePanesExpiry(timers);
        }
    }

    private void count(KpiEvent e, long watermark, Collector<KpiDelta> out) throws Exception {
        long t = e.timestamp;
        if (!e.holdout) {
            out.collect(KpiDelta.event(t, e.type.wireName())); // a holdout marker is no event of the customer's
        }
        switch (e.type) {
            case VIEW -> out.collect(KpiDelta.count(t, KpiPane.VIEWS, 1));
            case ADD_TO_CART -> out.collect(KpiDelta.count(t, KpiPane.ADD_TO_CARTS, 1));
            case PURCHASE -> purchase(e, watermark, out);
            case OFFER_IMPRESSION -> impression(e, out);
            case OFFER_CLICK -> click(e, out);
            case OFFER_REDEEM -> {
                if (!e.recommendation) {
                    out.collect(KpiDelta.offer(t, KpiPane.OFFER_REDEMPTIONS, e.offerId));
                }
            }
            case FEEDBACK -> {
                out.collect(KpiDelta.count(t, KpiPane.FEEDBACK, 1));
                out.collect(KpiDelta.count(t, KpiPane.RATING_SUM, e.rating));
            }
            default -> {
                // counted by type only
            }
        }
    }

    /**
     * Takes everything the customer contributed out of the panes (the exact negative of each
     * remembered contribution), clears the customer's state but the eventIds and marks the erase,
     * so that a replay of the customer's older events is ignored. The erase itself is counted as an
     * event of its type: it is the erasure, not the customer's activity.
     */
    private void erase(KpiEvent e, TimerService timers, Collector<KpiDelta> out) throws Exception {
        for (Map.Entry<String, Long> c : contributions.entries()) {
            out.collect(contribution(c.getKey(), -c.getValue()));
        }
        contributions.clear();
        seenOrders.clear();
        exposures.clear();
        recommendationClicks.clear();
        clickTimes.clear();
        keptPurchases.clear();
        for (MapState<Long, Boolean> panes : purchasePanes.values()) {
            panes.clear();
        }
        expiry.cancel(timers);
        eraseMarker.mark(e.timestamp, timers);
        out.collect(KpiDelta.event(e.timestamp, e.type.wireName()));
    }

    /** Adds {@code delta} to the customer's contributions, so that an erase can take it back. */
    private void remember(KpiDelta delta, TimerService timers) throws Exception {
        String key = contributionKey(delta);
        Long current = contributions.get(key);
        long sum = KpiPane.sum(current == null ? 0 : current, delta.amount);
        if (sum == 0) {
            contributions.remove(key); // a buyer moved to another previous-purchase pane
            return;
        }
        contributions.put(key, sum);
        expiry.schedule(expiryOf(delta), timers);
    }

    /** Where the contributions to the count and pane of {@code delta} are kept: its pane id, a space, the counter. */
    private static String contributionKey(KpiDelta delta) {
        return delta.paneId() + " " + delta.counter;
    }

    /** The delta of {@code amount} for the contribution kept under {@code key} ({@link #contributionKey}). */
    private static KpiDelta contribution(String key, long amount) {
        int space = key.indexOf(' ');
        long paneId = Long.parseLong(key.substring(0, space));
        return new KpiDelta(
                KpiDelta.sizeOfPaneId(paneId), KpiDelta.startOfPaneId(paneId), key.substring(space + 1), amount);
    }

    private void purchase(KpiEvent e, long watermark, Collector<KpiDelta> out) throws Exception {
        long t = e.timestamp;
        out.collect(KpiDelta.count(t, KpiPane.PURCHASES, 1));
        for (PaneSize size : PaneSize.values()) {
            buyer(size, size.start(t), watermark, out);
        }
        if (e.orderId != null) {
            seenOrders.put(e.orderId, true);
            out.collect(KpiDelta.count(t, KpiPane.ORDERS, 1));
        }
        long revenue = 0;
        long attributed = 0;
        boolean[] lines = new boolean[e.itemIds.length];
        for (int i = 0; i < e.itemIds.length; i++) {
            revenue = KpiPane.sum(revenue, e.lineMicros[i]);
            if (clickedBefore(e.itemIds[i], t)) {
                lines[i] = true;
                attributed = KpiPane.sum(attributed, e.lineMicros[i]);
            }
        }
        out.collect(KpiDelta.count(t, KpiPane.REVENUE_MICROS, revenue));
        if (attributed > 0) {
            out.collect(KpiDelta.count(t, KpiPane.ATTRIBUTED_REVENUE_MICROS, attributed));
        }
        KeptPurchase purchase = new KeptPurchase(t, revenue, e.itemIds, e.lineMicros, lines);
        List<KeptPurchase> kept = keep(purchase);
        long conversion = settings.conversionWindow().toMillis();
        for (Map.Entry<String, OfferExposure> entry : exposures.entries()) {
            OfferExposure x = entry.getValue();
            boolean converts = x.firstAt <= t && t - x.firstAt < conversion;
            if (converts && !frozen(x) && (!x.converted || t < x.convertedAt)) {
                // the earliest purchase in the window converts, whatever the order purchases arrive in
                unconvert(entry.getKey(), x, out);
                convert(entry.getKey(), x, kept, purchase, out);
                exposures.put(entry.getKey(), x);
            }
        }
    }

    /**
     * Whether a recommendation click on {@code itemId} came less than {@code attributionWindow} before
     * {@code t} (or at it): the window is half-open, as the conversion window and the KPI windows are.
     */
    private boolean clickedBefore(String itemId, long t) throws Exception {
        long window = settings.attributionWindow().toMillis();
        long[] times = clickTimes.get(itemId);
        for (long c : times == null ? new long[0] : times) {
            if (c <= t && t - c < window) {
                return true;
            }
        }
        Long before = recommendationClicks.get(itemId);
        return before != null && before <= t && t - before < window;
    }

    /**
     * Keeps {@code purchase} among the customer's purchases of the last twice the longer of the
     * conversion and attribution windows (at most {@value #KEPT_PURCHASES}, the newest); returns them.
     */
    private List<KeptPurchase> keep(KeptPurchase purchase) throws Exception {
        List<KeptPurchase> kept = kept();
        long newest = purchase.at;
        for (KeptPurchase p : kept) {
            newest = Math.max(newest, p.at);
        }
        kept.add(purchase);
        long horizon = newest
                - 2
                        * Math.max(
                                settings.conversionWindow().toMillis(),
                                settings.attributionWindow().toMillis());
        kept.removeIf(p -> p.at < horizon);
        kept.sort(Comparator.comparingLong((KeptPurchase p) -> p.at));
        if (kept.size() > KEPT_PURCHASES) {
            kept = new ArrayList<>(kept.subList(kept.size() - KEPT_PURCHASES, kept.size()));
        }
        keptPurchases.update(kept);
        return kept;
    }

    /** A conversion counted before exposures kept their converting purchase: left as it is. */
    private static boolean frozen(OfferExposure x) {
        return x.converted && x.convertedAt == null;
    }

    /**
     * Converts {@code x} by the earliest of {@code kept} (and {@code extra}, which may have been too
     * old to keep) within the conversion window after its first exposure, if any: the group's
     * converted count, and the purchase's value as converted revenue when treated, in the pane of the
     * first exposure.
     */
    private void convert(
            String offerId, OfferExposure x, List<KeptPurchase> kept, KeptPurchase extra, Collector<KpiDelta> out) {
        long window = settings.conversionWindow().toMillis();
        KeptPurchase first = null;
        List<KeptPurchase> candidates = new ArrayList<>(kept);
        if (extra != null) {
            candidates.add(extra);
        }
        for (KeptPurchase p : candidates) {
            if (x.firstAt <= p.at && p.at - x.firstAt < window && (first == null || p.at < first.at)) {
                first = p;
            }
        }
        if (first == null) {
            return;
        }
        x.converted = true;
        x.convertedAt = first.at;
        x.convertedRevenueMicros = first.revenueMicros;
        out.collect(conversion(offerId, x, 1));
        if (!x.holdout && x.convertedRevenueMicros > 0) {
            out.collect(KpiDelta.offer(
                    x.firstAt, KpiPane.OFFER_CONVERTED_REVENUE_MICROS, offerId, x.convertedRevenueMicros));
        }
    }

    /** Takes back the conversion of {@code x}, if any (its purchase or first exposure is to change). */
    private static void unconvert(String offerId, OfferExposure x, Collector<KpiDelta> out) {
        if (!x.converted) {
            return;
        }
        out.collect(conversion(offerId, x, -1));
        if (!x.holdout && x.convertedRevenueMicros > 0) {
            out.collect(KpiDelta.offer(
                    x.firstAt, KpiPane.OFFER_CONVERTED_REVENUE_MICROS, offerId, -x.convertedRevenueMicros));
        }
        x.converted = false;
        x.convertedAt = null;
        x.convertedRevenueMicros = 0;
    }

    private static KpiDelta conversion(String offerId, OfferExposure x, long amount) {
        String name = x.holdout ? KpiPane.OFFER_HOLDOUT_CONVERTED : KpiPane.OFFER_TREATED_CONVERTED;
        return KpiDelta.offer(x.firstAt, name, offerId, amount);
    }

    /**
     * Counts the customer as a buyer of the pane of {@code size} at {@code pane} unless already,
     * re-links the next purchase pane, and forgets purchase panes too old to matter.
     */
    private void buyer(PaneSize size, long pane, long watermark, Collector<KpiDelta> out) throws Exception {
        MapState<Long, Boolean> panes = purchasePanes.get(size);
        if (panes.contains(pane)) {
            return;
        }
        long forgetBefore =
                watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - settings.purchaseMemoryMillis(size);
        Long previous = null;
        Long next = null;
        List<Long> forgotten = new ArrayList<>();
        for (Long known : panes.keys()) {
            if (known < forgetBefore) {
                forgotten.add(known);
            } else if (known < pane && (previous == null || known > previous)) {
                previous = known;
            } else if (known > pane && (next == null || known < next)) {
                next = known;
            }
        }
        for (Long old : forgotten) {
            panes.remove(old);
        }
        panes.put(pane, true);
        out.collect(KpiDelta.buyer(size, pane, previous, 1));
        if (next != null) {
            out.collect(KpiDelta.buyer(size, next, previous, -1));
            out.collect(KpiDelta.buyer(size, next, pane, 1));
        }
    }

    /**
     * Forgets, in event time, what a customer who stopped buying no longer needs: at the earliest
     * moment one of their purchase panes falls out of {@link KpiSettings#purchaseMemoryMillis} behind
     * the watermark (the same rule {@link #buyer} prunes by at a purchase), or one of their
     * contributions' panes out of its retention, so the state of customers who never come back is
     * bounded by event time and not only by the processing-time TTL. Forgetting them changes no
     * count: a contribution to a minute pane past its retention is kept as the same amount in its
     * hour and day panes (which the erase then decrements directly), one to an hour or day pane past
     * its retention is dropped, as the pane is. The final watermark of a bounded input ends the input
     * and forgets nothing.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiDelta> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
        eraseMarker.onTimer(timestamp);
        if (!expiry.due(timestamp)) {
            return;
        }
        for (PaneSize size : PaneSize.values()) {
            MapState<Long, Boolean> panes = purchasePanes.get(size);
            long forgetBefore = timestamp - settings.purchaseMemoryMillis(size);
            List<Long> forgotten = new ArrayList<>();
            for (Long known : panes.keys()) {
                if (known < forgetBefore) {
                    forgotten.add(known);
                }
            }
            for (Long old : forgotten) {
                panes.remove(old);
            }
        }
        ageContributions(timestamp, ctx.timerService());
        schedulePanesExpiry(ctx.timerService());
    }

    /** Moves the contributions to panes past their retention at {@code timestamp} up a size, or drops them. */
    private void ageContributions(long timestamp, TimerService timers) throws Exception {
        Map<String, KpiDelta> aged = new HashMap<>();
        long earliest = Long.MAX_VALUE; // of those kept; remember() schedules the rolled-up ones
        for (Map.Entry<String, Long> c : contributions.entries()) {
            KpiDelta d = contribution(c.getKey(), c.getValue());
            long expires = expiryOf(d);
            if (expires <= timestamp) {
                aged.put(c.getKey(), d);
            } else {
                earliest = Math.min(earliest, expires);
            }
        }
        if (earliest != Long.MAX_VALUE) {
            expiry.schedule(earliest, timers);
        }
        for (Map.Entry<String, KpiDelta> a : aged.entrySet()) {
            contributions.remove(a.getKey());
            KpiDelta d = a.getValue();
            if (d.isBuyer() || d.paneSize != PaneSize.MINUTE.millis()) {
                continue;
            }
            for (PaneSize size : List.of(PaneSize.HOUR, PaneSize.DAY)) {
                KpiDelta rolled = d.in(size);
                if (expiryOf(rolled) > timestamp) {
                    remember(rolled, timers);
                }
            }
        }
    }

    /** When the watermark passes the retention of the pane of {@code delta}, the pane takes no more deltas. */
    private long expiryOf(KpiDelta delta) {
        return delta.paneStart
                + settings.paneRetention(PaneSize.ofMillis(delta.paneSize)).toMillis();
    }

    /** Schedules the moment the oldest remembered purchase pane of any size is to be forgotten. */
    private void schedulePanesExpiry(TimerService timers) throws Exception {
        long earliest = Long.MAX_VALUE;
        for (PaneSize size : PaneSize.values()) {
            for (Long known : purchasePanes.get(size).keys()) {
                earliest = Math.min(earliest, known + settings.purchaseMemoryMillis(size) + 1);
            }
        }
        if (earliest != Long.MAX_VALUE) {
            expiry.schedule(earliest, timers);
        }
    }

    private void impression(KpiEvent e, Collector<KpiDelta> out) throws Exception {
        if (e.recommendation) {
            out.collect(KpiDelta.count(e.timestamp, KpiPane.RECOMMENDATION_IMPRESSIONS, 1));
            return;
        }
        if (!e.holdout) {
            out.collect(KpiDelta.offer(e.timestamp, KpiPane.OFFER_IMPRESSIONS, e.offerId));
        }
        OfferExposure x = exposures.get(e.offerId);
        if (x == null) {
            x = new OfferExposure(e.timestamp, e.holdout);
            out.collect(group(e.offerId, x, 1));
            convert(e.offerId, x, kept(), null, out); // purchases that arrived before it
            exposures.put(e.offerId, x);
        } else if (e.timestamp < x.firstAt && !frozen(x)) {
            // an earlier exposure arriving late: the customer joins its group (held out or shown), in
            // its pane, instead
            unconvert(e.offerId, x, out);
            out.collect(group(e.offerId, x, -1));
            x.firstAt = e.timestamp;
            x.holdout = e.holdout;
            out.collect(group(e.offerId, x, 1));
            convert(e.offerId, x, kept(), null, out);
            exposures.put(e.offerId, x);
        }
    }

    private static KpiDelta group(String offerId, OfferExposure x, long amount) {
        return KpiDelta.offer(x.firstAt, x.holdout ? KpiPane.OFFER_HOLDOUT : KpiPane.OFFER_TREATED, offerId, amount);
    }

    private List<KeptPurchase> kept() throws Exception {
        List<KeptPurchase> kept = new ArrayList<>();
        Iterable<KeptPurchase> all = keptPurchases.get();
        if (all != null) {
            all.forEach(kept::add);
        }
        return kept;
    }

    private void click(KpiEvent e, Collector<KpiDelta> out) throws Exception {
        if (!e.recommendation) {
            out.collect(KpiDelta.offer(e.timestamp, KpiPane.OFFER_CLICKS, e.offerId));
            return;
        }
        out.collect(KpiDelta.count(e.timestamp, KpiPane.RECOMMENDATION_CLICKS, 1));
        if (e.itemId == null) {
            return;
        }
        long[] times = clickTimes.get(e.itemId);
        long[] more = times == null ? new long[1] : Arrays.copyOf(times, times.length + 1);
        more[more.length - 1] = e.timestamp;
        Arrays.sort(more);
        clickTimes.put(e.itemId, more.length > CLICKS_PER_ITEM ? Arrays.copyOfRange(more, 1, more.length) : more);
        // purchases of the item that arrived before the click though made after it, within the window
        long window = settings.attributionWindow().toMillis();
        List<KeptPurchase> kept = kept();
        boolean changed = false;
        for (KeptPurchase p : kept) {
            long attributed = 0;
            for (int i = 0; i < p.itemIds.length; i++) {
                if (!p.attributed[i]
                        && p.itemIds[i].equals(e.itemId)
                        && e.timestamp <= p.at
                        && p.at - e.timestamp < window) {
                    p.attributed[i] = true;
                    attributed = KpiPane.sum(attributed, p.lineMicros[i]);
                }
            }
            if (attributed > 0) {
                out.collect(KpiDelta.count(p.at, KpiPane.ATTRIBUTED_REVENUE_MICROS, attributed));
                changed = true;
            }
        }
        if (changed) {
            keptPurchases.update(kept);
        }
    }
}
