package io.rapport.jobs.offer;

import static io.rapport.jobs.ingest.ParseEventsFunction.supersedes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.event.EventType;
import io.rapport.jobs.cart.CartLedger;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.offer.ContactCaps;
import io.rapport.offer.ContactHistory;
import io.rapport.offer.Eligibility;
import io.rapport.offer.Holdout;
import io.rapport.offer.MarketingAction;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferCatalogue;
import io.rapport.offer.OfferFacts;
import io.rapport.offer.OfferTrigger;
import io.rapport.profile.SegmentRules;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per customer (keyed by customerId), with the offer catalogue broadcast: fires the offers whose
 * trigger comes due in event time and writes each as a {@link MarketingAction} for outbound
 * channels.
 *
 * <ul>
 *   <li><b>Abandoned cart</b>: every cart change (add, remove, purchase of a cart item) moves the
 *       cart's check timer to {@code change + the smallest abandonAfterMinutes} of the catalogue's
 *       {@code abandoned_cart} offers (default 30 when the catalogue has none yet); at the check
 *       every offer whose threshold has passed fires, and the next threshold is scheduled. A cart
 *       emptied before the check deletes the timer.
 *   <li><b>Win-back</b>: the same with the last purchase and {@code inactiveDays} (default 60).
 *   <li><b>Birthday</b>: a timer at 00:00 UTC of the next birthday (29 February → 28 February in
 *       other years), re-armed for the following year when it fires.
 * </ul>
 *
 * Every firing goes through the same {@link Eligibility} rules as the API (validity at the firing
 * time, segments, trigger, consent from {@code marketingConsent}), then the {@link ContactCaps}
 * over this customer's marketing contacts (the actions fired here and the real marketing
 * impressions seen on the events topic, per UTC day), then once per (offer, occurrence), then the
 * {@link Holdout}: a held-out firing writes the {@code offer_impression} holdout marker to the
 * {@link #HOLDOUT_MARKERS} side output instead.
 * Action ids and marker eventIds are derived from (customer, offer, occurrence), so a repeat written
 * after a restart from a checkpoint is recognisable downstream.
 *
 * <p>Segments: an offer's {@code segments} are matched against what {@link TriggerSegments} can know
 * in the stream at the firing time — the journey stage, the {@code tier} attribute and the named
 * rule segments that use only stream-known fields — from a {@link TriggerProfile} folded here
 * from every event of the customer (orders counted once per orderId within {@value
 * #ORDER_DEDUP_DAYS} days). Segments needing RFM quintiles or feedback are never matched here.
 *
 * <p>State per customer: the {@link TriggerProfile} and the orderIds of the last {@value
 * #ORDER_DEDUP_DAYS} days, the cart ({@link CartLedger}: its changes in event time, at most {@value
 * #MAX_CART_LINES} lines), last cart change,
 * last purchase, birthday, consent, three pending timer times (the cart's and the win-back's with a mark
 * while set under an unsure watermark), contacts per day and the eventIds
 * of the impressions among them (the last {@value ContactHistory#DAYS} days) and fired occurrences (kept {@value #FIRED_RETENTION_DAYS} days).
 * {@code erase} clears all of it and deletes the timers, and remembers the erase time for {@value
 * #FIRED_RETENTION_DAYS} days so that events of the customer from before it, replayed or arriving
 * late, bring nothing back. A customer with no event for {@value #INACTIVITY_DAYS} days of event
 * time is forgotten the same way (without the marker; the profile job forgets them after the same
 * time), so state stays bounded by the customers active in the last year: a pending win-back or
 * birthday of such a customer no longer fires.
 */
public class MarketingTriggersFunction
        extends KeyedBroadcastProcessFunction<String, TriggerEvent, String, TopicRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MarketingTriggersFunction.class);
    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;
    static final int FIRED_RETENTION_DAYS = 400;
    static final int ORDER_DEDUP_DAYS = 30;
    /** A cart or win-back check this far behind the watermark when a late event sets it is not made. */
    static final long STALE_CHECK_MILLIS = DAY;
    /**
     * A cart or win-back check that a late event sets at or behind the watermark is made this much
     * event time after the watermark instead of at once: the rest of the late burst (an app's offline
     * queue flushing one request at a time, a client's retries) arrives meanwhile, and the purchase
     * that bought the cart or a newer order moves or deletes the check before it is made.
     */
    public static final long LATE_CHECK_GRACE_MILLIS = MINUTE;
    /**
     * A watermark this far behind the wall clock cannot tell a late event: none yet after a start or
     * restart (Flink does not restore watermarks), or one a quiet spell left behind. A check set then
     * that the watermark later jumps past by more than {@link #LATE_CHECK_GRACE_MILLIS} is put off that
     * much again, as a late one is.
     */
    static final long UNSURE_WATERMARK_MILLIS = MINUTE;
    /** A customer with no event for this long (event time) is forgotten, as the profile job does. */
    static final int INACTIVITY_DAYS = Topics.JOB_RETENTION_DAYS;
    /** Most lines of a cart, as the profile's default {@code maxCartLines}. */
    static final int MAX_CART_LINES = 100;

    /** The catalogue's JSON under {@link OfferCatalogue#KEY}. */
    public static final MapStateDescriptor<String, String> CATALOGUE =
            new MapStateDescriptor<>("offer-catalogue", Types.STRING, Types.STRING);
    /** Holdout markers ({@code offer_impression} with {@code "holdout": true}) for the events topic. */
    public static final OutputTag<TopicRecord> HOLDOUT_MARKERS =
            new OutputTag<>("holdout-markers", TypeInformation.of(TopicRecord.class));

    private final int perDay;
    private final int perWeek;
    private final TriggerSegments segments;
    /** The wall clock, only to tell a watermark that is unsure ({@link #UNSURE_WATERMARK_MILLIS}). */
    private final Clock clock;

    private transient ContactCaps caps;
    /** The cart in event time ({@link CartLedger}); null until the customer's cart first changes. */
    private transient ValueState<CartLedger> cart;
    /** The cart as item → units, kept before ledgers: read once into the ledger, then cleared. */
    private transient MapState<String, Integer> cartBeforeLedgers;

    private transient ValueState<Long> cartUpdatedAt;
    private transient ValueState<Long> lastPurchaseAt;
    private transient ValueState<String> birthday;
    private transient ValueState<Boolean> consent;
    // event times of the updates that last set the consent and the birthday: older ones are ignored
    private transient ValueState<Long> consentSetAt;
    private transient ValueState<Long> birthdaySetAt;
    private transient ValueState<Long> cartCheckAt;
    private transient ValueState<Long> winBackCheckAt;
    /** True while the pending check was set under an unsure watermark ({@link #UNSURE_WATERMARK_MILLIS}). */
    private transient ValueState<Boolean> cartCheckUnsure;

    private transient ValueState<Boolean> winBackCheckUnsure;
    private transient ValueState<Long> birthdayAt;
    private transient MapState<Long, Integer> contacts;
    /** The eventIds of the impressions counted in {@link #contacts}, to their day: a resend counts once. */
    private transient MapState<String, Long> contactEvents;

    private transient MapState<String, Long> fired;
    private transient ValueState<Long> erasedAt;
    private transient ValueState<TriggerProfile> activity;
    private transient MapState<String, Long> orderIds;
    private transient ValueState<Long> forgetAt;
    private transient String catalogueJson;
    private transient OfferCatalogue catalogue;

    /** With the default named segments ({@link SegmentRules#DEFAULT_TEXT}). */
    public MarketingTriggersFunction(ContactCaps caps) {
        this(caps, SegmentRules.DEFAULT_TEXT);
    }

    /** @param segmentRules the API's named segments, so an offer's segment names mean the same here */
    public MarketingTriggersFunction(ContactCaps caps, String segmentRules) {
        this(caps, segmentRules, Clock.systemUTC());
    }

    /** @param clock the wall clock, which tells a watermark too far behind it to judge lateness by */
    MarketingTriggersFunction(ContactCaps caps, String segmentRules, Clock clock) {
        // ContactCaps is not Serializable; the function keeps its numbers and rebuilds it in open().
        this.perDay = caps.perDay();
        this.perWeek = caps.perWeek();
        this.segments = new TriggerSegments(segmentRules);
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        caps = new ContactCaps(perDay, perWeek);
        cart = getRuntimeContext().getState(new ValueStateDescriptor<>("cartLedger", CartLedger.class));
        cartBeforeLedgers = getRuntimeContext().getMapState(new MapStateDescriptor<>("cart", Types.STRING, Types.INT));
        cartUpdatedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cartUpdatedAt", Types.LONG));
        lastPurchaseAt = getRuntimeContext().getState(new ValueStateDescriptor<>("lastPurchaseAt", Types.LONG));
        birthday = getRuntimeContext().getState(new ValueStateDescriptor<>("birthday", Types.STRING));
        consent = getRuntimeContext().getState(new ValueStateDescriptor<>("consent", Types.BOOLEAN));
        consentSetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("consentSetAt", Types.LONG));
        birthdaySetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("birthdaySetAt", Types.LONG));
        cartCheckAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cartCheckAt", Types.LONG));
        winBackCheckAt = getRuntimeContext().getState(new ValueStateDescriptor<>("winBackCheckAt", Types.LONG));
        cartCheckUnsure = getRuntimeContext().getState(new ValueStateDescriptor<>("cartCheckUnsure", Types.BOOLEAN));
        winBackCheckUnsure =
                getRuntimeContext().getState(new ValueStateDescriptor<>("winBackCheckUnsure", Types.BOOLEAN));
        birthdayAt = getRuntimeContext().getState(new ValueStateDescriptor<>("birthdayAt", Types.LONG));
        contacts = getRuntimeContext().getMapState(new MapStateDescriptor<>("contacts", Types.LONG, Types.INT));
        contactEvents =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("contactEvents", Types.STRING, Types.LONG));
        fired = getRuntimeContext().getMapState(new MapStateDescriptor<>("fired", Types.STRING, Types.LONG));
        erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erasedAt", Types.LONG));
        activity = getRuntimeContext().getState(new ValueStateDescriptor<>("activity", TriggerProfile.class));
        orderIds = getRuntimeContext().getMapState(new MapStateDescriptor<>("orderIds", Types.STRING, Types.LONG));
        forgetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forgetAt", Types.LONG));
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<TopicRecord> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(CATALOGUE);
        try {
            Json.decode(json.getBytes(StandardCharsets.UTF_8), OfferCatalogue.class);
        } catch (UncheckedIOException e) {
            LOG.warn("Ignored a record of the offers topic that is not a catalogue: {}", e.toString());
            return;
        }
        state.put(OfferCatalogue.KEY, json);
    }

    @Override
    public void processElement(TriggerEvent e, ReadOnlyContext ctx, Collector<TopicRecord> out) throws Exception {
        Long erased = erasedAt.value();
        if (erased != null && e.timestamp <= erased) {
            return; // the erased customer's past, replayed or late: it must not come back
        }
        OfferCatalogue offers = catalogue(ctx.getBroadcastState(CATALOGUE));
        if (e.type != EventType.ERASE) {
            fold(e);
            Long forget = forgetAt.value();
            long inactiveFrom = e.timestamp + INACTIVITY_DAYS * DAY;
            if (forget == null || inactiveFrom > forget) {
                schedule(ctx, forgetAt, inactiveFrom);
            }
        }
        switch (e.type) {
            case ADD_TO_CART, REMOVE_FROM_CART, PURCHASE -> {
                // in event time, as the profile folds it: a late add dated before its purchase stays out
                CartLedger ledger = ledger();
                List<CartLedger.Line> before = ledger.lines(MAX_CART_LINES);
                if (e.type == EventType.PURCHASE) {
                    ledger.purchase(List.of(e.itemIds), e.timestamp, MAX_CART_LINES);
                }
                for (int i = 0; e.type != EventType.PURCHASE && i < e.itemIds.length; i++) {
                    if (e.type == EventType.ADD_TO_CART) {
                        ledger.add(e.eventId, e.itemIds[i], null, null, e.quantities[i], e.timestamp, MAX_CART_LINES);
                    } else {
                        ledger.take(e.eventId, e.itemIds[i], e.quantities[i], e.timestamp, MAX_CART_LINES);
                    }
                }
                cart.update(ledger);
                CartLedger.Cart after = ledger.cart(MAX_CART_LINES);
                if (!after.lines().equals(before)) {
                    long changedAt = Math.max(e.timestamp, after.changedAt());
                    cartUpdatedAt.update(Math.max(changedAt, orZero(cartUpdatedAt.value())));
                    scheduleCheck(
                            ctx,
                            cartCheckAt,
                            cartCheckUnsure,
                            after.lines().isEmpty()
                                    ? null
                                    : freshCheck(
                                            offers,
                                            OfferTrigger.ABANDONED_CART,
                                            cartUpdatedAt.value(),
                                            MINUTE,
                                            ctx.currentWatermark()));
                }
                if (e.type == EventType.PURCHASE) {
                    lastPurchaseAt.update(Math.max(e.timestamp, orZero(lastPurchaseAt.value())));
                    scheduleCheck(
                            ctx,
                            winBackCheckAt,
                            winBackCheckUnsure,
                            freshCheck(
                                    offers,
                                    OfferTrigger.WIN_BACK,
                                    lastPurchaseAt.value(),
                                    DAY,
                                    ctx.currentWatermark()));
                }
            }
            case PROFILE_UPDATE -> {
                // the latest time wins, as in the profile: a late, older grant never undoes a withdrawal, and
                // one stamped ahead of the clock counts from when it was sent (TriggerEvent.attributesAt)
                if (e.marketingConsent != null && supersedes(e.attributesAt, orZero(consentSetAt.value()))) {
                    consent.update(e.marketingConsent);
                    consentSetAt.update(Math.max(e.attributesAt, orZero(consentSetAt.value())));
                }
                if (e.birthday != null && supersedes(e.attributesAt, orZero(birthdaySetAt.value()))) {
                    birthdaySetAt.update(Math.max(e.attributesAt, orZero(birthdaySetAt.value())));
                    LocalDate day = parse(e.birthday);
                    birthday.update(day == null ? null : day.toString());
                    schedule(ctx, birthdayAt, day == null ? null : nextBirthday(day, e.timestamp));
                }
            }
            case OFFER_IMPRESSION -> {
                Offer offer = e.offerId == null ? null : find(offers, e.offerId);
                long day = Math.floorDiv(e.timestamp, DAY);
                if (e.offerId != null
                        && (offer == null || offer.capped())
                        && !offers.wasServiceOn(e.offerId, day)
                        && !contactEvents.contains(e.eventId)) {
                    contactEvents.put(e.eventId, day); // a resent impression is one contact, as in the API's caps
                    contacts.put(day, orZero(contacts.get(day)) + 1);
                    pruneContacts(day);
                }
            }
            case ERASE -> {
                forget(ctx);
                erasedAt.update(e.timestamp);
                ctx.timerService().registerEventTimeTimer(e.timestamp + FIRED_RETENTION_DAYS * DAY);
            }
            default -> {}
        }
    }

    /** The customer's cart ledger; a cart kept before ledgers starts one as of its last change. */
    private CartLedger ledger() throws Exception {
        CartLedger ledger = cart.value();
        if (ledger != null) {
            return ledger;
        }
        List<CartLedger.Line> lines = new ArrayList<>();
        long at = orZero(cartUpdatedAt.value());
        for (Map.Entry<String, Integer> line : cartBeforeLedgers.entries()) {
            lines.add(new CartLedger.Line(line.getKey(), null, null, line.getValue(), at));
        }
        ledger = CartLedger.of(lines, at);
        if (!lines.isEmpty()) {
            cart.update(ledger);
            cartBeforeLedgers.clear();
        }
        return ledger;
    }

    /** The cart's lines now. */
    private List<CartLedger.Line> cartLines() throws Exception {
        return ledger().lines(MAX_CART_LINES);
    }

    /** Clears everything kept of the customer and deletes their pending timers. */
    private void forget(ReadOnlyContext ctx) throws Exception {
        schedule(ctx, cartCheckAt, null);
        schedule(ctx, winBackCheckAt, null);
        cartCheckUnsure.clear();
        winBackCheckUnsure.clear();
        schedule(ctx, birthdayAt, null);
        schedule(ctx, forgetAt, null);
        cart.clear();
        cartBeforeLedgers.clear();
        cartUpdatedAt.clear();
        lastPurchaseAt.clear();
        birthday.clear();
        consent.clear();
        consentSetAt.clear();
        birthdaySetAt.clear();
        contacts.clear();
        contactEvents.clear();
        fired.clear();
        activity.clear();
        orderIds.clear();
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        Long erased = erasedAt.value();
        if (erased != null && t == erased + FIRED_RETENTION_DAYS * DAY) {
            erasedAt.clear();
        }
        if (Long.valueOf(t).equals(forgetAt.value())) {
            forget(ctx); // no event for INACTIVITY_DAYS: nothing of theirs is due any more
            return;
        }
        OfferCatalogue offers = catalogue(ctx.getBroadcastState(CATALOGUE));
        if (Long.valueOf(t).equals(cartCheckAt.value()) && !putOff(ctx, t, cartCheckAt, cartCheckUnsure)) {
            cartCheckAt.clear();
            long since = t - cartUpdatedAt.value();
            fireDue(offers, OfferTrigger.ABANDONED_CART, "cart@" + cartUpdatedAt.value(), t, ctx, out);
            Long next = next(offers, OfferTrigger.ABANDONED_CART, since / MINUTE);
            schedule(
                    ctx,
                    cartCheckAt,
                    next == null || cartLines().isEmpty() ? null : cartUpdatedAt.value() + next * MINUTE);
        }
        if (Long.valueOf(t).equals(winBackCheckAt.value()) && !putOff(ctx, t, winBackCheckAt, winBackCheckUnsure)) {
            winBackCheckAt.clear();
            long since = t - lastPurchaseAt.value();
            fireDue(offers, OfferTrigger.WIN_BACK, "win_back@" + lastPurchaseAt.value(), t, ctx, out);
            Long next = next(offers, OfferTrigger.WIN_BACK, since / DAY);
            schedule(ctx, winBackCheckAt, next == null ? null : lastPurchaseAt.value() + next * DAY);
        }
        if (Long.valueOf(t).equals(birthdayAt.value())) {
            birthdayAt.clear();
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC);
            fireDue(offers, OfferTrigger.BIRTHDAY, "birthday@" + day.getYear(), t, ctx, out);
            schedule(ctx, birthdayAt, nextBirthday(LocalDate.parse(birthday.value()), t + DAY));
        }
    }

    private void fireDue(
            OfferCatalogue offers,
            OfferTrigger trigger,
            String occurrence,
            long t,
            OnTimerContext ctx,
            Collector<TopicRecord> out)
            throws Exception {
        prune(t);
        OfferFacts facts = facts(ctx.getCurrentKey(), t);
        for (Offer offer : offers.offers()) {
            if (offer.trigger() != trigger) {
                continue;
            }
            Eligibility.Verdict verdict =
                    Eligibility.check(offer, facts, offer.channels().get(0), t);
            String firedKey = offer.offerId() + "|" + occurrence;
            if (!verdict.eligible() || fired.contains(firedKey) || blockedByCaps(offer, t)) {
                continue;
            }
            fired.put(firedKey, t);
            String customerId = ctx.getCurrentKey();
            if (Holdout.heldOut(offer.offerId(), customerId, offer.holdoutPercent())) {
                ctx.output(HOLDOUT_MARKERS, marker(offer, customerId, occurrence, t));
                continue;
            }
            String actionId = "action-"
                    + UUID.nameUUIDFromBytes((customerId + '\u0000' + offer.offerId() + '\u0000' + occurrence)
                            .getBytes(StandardCharsets.UTF_8));
            out.collect(new TopicRecord(
                    customerId,
                    Json.encode(new MarketingAction(
                            actionId,
                            customerId,
                            offer.offerId(),
                            offer.action(),
                            offer.title(),
                            trigger,
                            offer.channels(),
                            verdict.reason(),
                            occurrence,
                            t))));
            if (offer.capped()) {
                long day = Math.floorDiv(t, DAY);
                contacts.put(day, orZero(contacts.get(day)) + 1);
            }
        }
    }

    private boolean blockedByCaps(Offer offer, long t) throws Exception {
        long today = Math.floorDiv(t, DAY);
        long day = 0;
        long week = 0;
        for (Map.Entry<Long, Integer> c : contacts.entries()) {
            if (c.getKey() > today - ContactHistory.DAYS && c.getKey() <= today) {
                week += c.getValue();
                day += c.getKey() == today ? c.getValue() : 0;
            }
        }
        return caps.blocks(offer, day, week);
    }

    private void prune(long t) throws Exception {
        pruneContacts(Math.floorDiv(t, DAY));
        Iterator<Map.Entry<String, Long>> it = fired.iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < t - FIRED_RETENTION_DAYS * DAY) {
                it.remove();
            }
        }
    }

    /** Forgets the contacts, and their impressions' eventIds, of days the caps no longer look at. */
    private void pruneContacts(long today) throws Exception {
        Iterator<Map.Entry<Long, Integer>> days = contacts.iterator();
        while (days.hasNext()) {
            if (days.next().getKey() <= today - ContactHistory.DAYS) {
                days.remove();
            }
        }
        Iterator<Map.Entry<String, Long>> events = contactEvents.iterator();
        while (events.hasNext()) {
            if (events.next().getValue() <= today - ContactHistory.DAYS) {
                events.remove();
            }
        }
    }

    private OfferFacts facts(String customerId, long t) throws Exception {
        int units = 0;
        int lines = 0;
        for (CartLedger.Line line : cartLines()) {
            units += line.quantity();
            lines++;
        }
        String day = birthday.value();
        return new OfferFacts(
                customerId,
                true,
                day == null ? null : LocalDate.parse(day),
                Boolean.TRUE.equals(consent.value()),
                units,
                cartUpdatedAt.value(),
                lastPurchaseAt.value(),
                segments.of(customerId, activity.value(), lines, lastPurchaseAt.value(), t),
                Set.of(),
                List.of(),
                List.of());
    }

    /** Folds any event but an erase into the customer's {@link TriggerProfile}. */
    private void fold(TriggerEvent e) throws Exception {
        TriggerProfile p = activity.value();
        if (p == null) {
            p = new TriggerProfile();
        }
        p.lastSeen = Math.max(p.lastSeen, e.timestamp);
        switch (e.type) {
            case VIEW, ADD_TO_CART, REMOVE_FROM_CART, SEARCH -> p.browsed = true;
            case PROFILE_UPDATE -> {
                // the latest time wins, as in the profile's attributes
                if (e.tier != null && supersedes(e.attributesAt, p.tierSetAt)) {
                    p.tier = e.tier.isEmpty() ? null : e.tier;
                    p.tierSetAt = Math.max(e.attributesAt, p.tierSetAt);
                }
            }
            case PURCHASE -> {
                if (e.orderId != null && !orderIds.contains(e.orderId)) {
                    orderIds.put(e.orderId, e.timestamp);
                    p.orders++;
                    p.monetary += e.orderValue;
                    for (int q : e.quantities) {
                        p.itemsBought += q;
                    }
                    Iterator<Map.Entry<String, Long>> ids = orderIds.iterator();
                    while (ids.hasNext()) {
                        if (ids.next().getValue() < e.timestamp - ORDER_DEDUP_DAYS * DAY) {
                            ids.remove();
                        }
                    }
                }
            }
            default -> {}
        }
        activity.update(p);
    }

    private static TopicRecord marker(Offer offer, String customerId, String occurrence, long t) {
        ObjectNode json = Json.mapper()
                .createObjectNode()
                .put("eventId", Holdout.markerEventId(offer.offerId(), customerId, occurrence))
                .put("type", "offer_impression")
                .put("customerId", customerId)
                .put("timestamp", Instant.ofEpochMilli(t).toString())
                .put("channel", offer.channels().get(0))
                .put("offerId", offer.offerId())
                .put("holdout", true);
        return new TopicRecord(customerId, Json.encode(json));
    }

    /** Moves a pending timer: deletes the old one, registers {@code at} unless null. */
    private static void schedule(ReadOnlyContext ctx, ValueState<Long> pending, Long at) throws Exception {
        Long old = pending.value();
        if (old != null && !old.equals(at)) {
            ctx.timerService().deleteEventTimeTimer(old);
        }
        if (at == null) {
            pending.clear();
        } else {
            pending.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    /**
     * The first check of the trigger's thresholds counted from {@code since} (in {@code unit}s) that
     * is not more than {@link #STALE_CHECK_MILLIS} behind the watermark, or null when none is left: a
     * late event (an {@code add_to_cart} dated 40 days back) must not write a reminder whose moment
     * passed long ago ("You left 1 item in your cart 30 minutes ago"), while a later threshold still
     * to come is kept.
     */
    private static Long freshCheck(OfferCatalogue offers, OfferTrigger trigger, long since, long unit, long watermark) {
        long threshold = first(offers, trigger, 0);
        while (watermark != Long.MIN_VALUE && since + threshold * unit < watermark - STALE_CHECK_MILLIS) {
            Long next = next(offers, trigger, threshold);
            if (next == null) {
                return null;
            }
            threshold = next;
        }
        return since + threshold * unit;
    }

    /**
     * Sets a check an event moved: at its own time while that is ahead of the watermark, else {@link
     * #LATE_CHECK_GRACE_MILLIS} after the watermark, so that a check made then sees every event of the
     * customer up to it and the offers whose thresholds passed meanwhile fire together. Under an unsure
     * watermark ({@link #UNSURE_WATERMARK_MILLIS}) the check keeps its time and is marked, for {@link
     * #putOff} to judge when the watermark passes it.
     */
    private void scheduleCheck(ReadOnlyContext ctx, ValueState<Long> pending, ValueState<Boolean> unsure, Long check)
            throws Exception {
        long watermark = ctx.currentWatermark();
        boolean unsureWatermark = watermark == Long.MIN_VALUE || watermark < clock.millis() - UNSURE_WATERMARK_MILLIS;
        if (check != null && !unsureWatermark && check <= watermark) {
            check = watermark + LATE_CHECK_GRACE_MILLIS;
        }
        schedule(ctx, pending, check);
        if (check != null && unsureWatermark) {
            unsure.update(true);
        } else {
            unsure.clear();
        }
    }

    /**
     * Puts off, once, a check set under an unsure watermark that the watermark has now jumped past by
     * more than {@link #LATE_CHECK_GRACE_MILLIS} (a restart's first events, or the first after a quiet
     * spell, moved it), to that long after the watermark: the event that set it may have been late, and
     * the rest of its burst may still be on the way. Never at the end of a bounded input.
     *
     * @return whether the check was put off
     */
    private static boolean putOff(OnTimerContext ctx, long t, ValueState<Long> pending, ValueState<Boolean> unsure)
            throws Exception {
        if (!Boolean.TRUE.equals(unsure.value())) {
            return false;
        }
        unsure.clear();
        long watermark = ctx.currentWatermark();
        if (watermark == Long.MAX_VALUE || watermark - t <= LATE_CHECK_GRACE_MILLIS) {
            return false;
        }
        schedule(ctx, pending, watermark + LATE_CHECK_GRACE_MILLIS);
        return true;
    }

    /** The smallest threshold of the trigger's offers above {@code after}, or the default when none. */
    private static long first(OfferCatalogue offers, OfferTrigger trigger, long after) {
        Long next = next(offers, trigger, after);
        return next != null
                ? next
                : trigger == OfferTrigger.ABANDONED_CART
                        ? Offer.DEFAULT_ABANDON_AFTER_MINUTES
                        : Offer.DEFAULT_INACTIVE_DAYS;
    }

    /** The smallest threshold (minutes or days) of the trigger's offers above {@code after}, or null. */
    private static Long next(OfferCatalogue offers, OfferTrigger trigger, long after) {
        ToLongFunction<Offer> threshold = trigger == OfferTrigger.ABANDONED_CART
                ? Offer::abandonAfterMinutesOrDefault
                : Offer::inactiveDaysOrDefault;
        return offers.offers().stream()
                .filter(o -> o.trigger() == trigger)
                .mapToLong(threshold)
                .filter(m -> m > after)
                .boxed()
                .min(Long::compare)
                .orElse(null);
    }

    /** 00:00 UTC of the first birthday on or after the day of {@code fromMillis}. */
    static long nextBirthday(LocalDate birthday, long fromMillis) {
        LocalDate from = LocalDate.ofInstant(Instant.ofEpochMilli(fromMillis), ZoneOffset.UTC);
        for (int year = from.getYear(); ; year++) {
            MonthDay md = MonthDay.from(birthday);
            LocalDate candidate = md.isValidYear(year) ? md.atYear(year) : LocalDate.of(year, 2, 28);
            if (!candidate.isBefore(from)) {
                return candidate.toEpochDay() * DAY;
            }
        }
    }

    private OfferCatalogue catalogue(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String json = state.get(OfferCatalogue.KEY);
        if (json == null) {
            return OfferCatalogue.EMPTY;
        }
        if (!json.equals(catalogueJson)) {
            catalogue = Json.decode(json.getBytes(StandardCharsets.UTF_8), OfferCatalogue.class);
            catalogueJson = json;
        }
        return catalogue;
    }

    private static Offer find(OfferCatalogue offers, String offerId) {
        return offers.offers().stream()
                .filter(o -> o.offerId().equals(offerId))
                .findFirst()
                .orElse(null);
    }

    private static LocalDate parse(String day) {
        try {
            return day.isEmpty() ? null : LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
