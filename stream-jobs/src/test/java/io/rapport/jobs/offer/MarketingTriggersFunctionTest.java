package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.DAY;
import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.ContactCaps;
import io.rapport.offer.ContactClass;
import io.rapport.offer.MarketingAction;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferCatalogue;
import io.rapport.offer.OfferTrigger;
import io.rapport.profile.SegmentRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarketingTriggersFunctionTest {
    private static final long MINUTE = 60_000;
    private static final long LATE_GRACE = MarketingTriggersFunction.LATE_CHECK_GRACE_MILLIS;
    private static final String VALID_FROM = "2026-01-01T00:00:00Z";
    private static final String VALID_TO = "2028-01-01T00:00:00Z";

    private KeyedBroadcastOperatorTestHarness<String, TriggerEvent, String, TopicRecord> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static Offer offer(
            String offerId,
            OfferTrigger trigger,
            ContactClass contactClass,
            Integer minutes,
            Integer days,
            double holdoutPercent) {
        return new Offer(
                offerId,
                "Title of " + offerId,
                "offer",
                trigger,
                minutes,
                days,
                List.of("email", "app"),
                contactClass,
                List.of(),
                false,
                1,
                1,
                holdoutPercent,
                VALID_FROM,
                VALID_TO);
    }

    /**
     * The wall clock the function reads, only to tell an unsure watermark; 1970 unless a test sets it
     * before opening, so that these tests' watermarks are never far behind it.
     */
    private Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    /** The function with these offers, and a first watermark before every event of the tests. */
    private void open(Offer... offers) throws Exception {
        openWithoutWatermark(offers);
        harness.watermark(MONDAY - 3 * DAY);
    }

    /** The function as after a restart at {@code now} on the wall clock: no watermark yet. */
    private void restartedAt(long now, Offer... offers) throws Exception {
        clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        openWithoutWatermark(offers);
    }

    /**
     * After a restart, the first request: an add dated 50 minutes back and a live click, whose
     * watermark passes the add's check at once; nothing is written yet.
     *
     * @return now
     */
    private long aLateAddAfterARestart() throws Exception {
        long now = MONDAY + DAY;
        restartedAt(now, offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        cart(EventType.ADD_TO_CART, now - 50 * MINUTE, "tea");
        harness.watermark(now);
        assertThat(actions())
                .as("put off a minute after the watermark that jumped past it")
                .isEmpty();
        return now;
    }

    /** The function as after a start or restart: no watermark yet. */
    private void openWithoutWatermark(Offer... offers) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new MarketingTriggersFunction(ContactCaps.DEFAULTS, SegmentRules.DEFAULT_TEXT, clock),
                e -> e.customerId,
                Types.STRING,
                MarketingTriggersFunction.CATALOGUE);
        harness.processBroadcastElement(
                new String(Json.encode(new OfferCatalogue(List.of(offers), 1)), StandardCharsets.UTF_8), 0);
    }

    private static TriggerEvent event(EventType type, long at) {
        TriggerEvent e = new TriggerEvent();
        e.eventId = type + "-" + at;
        e.customerId = "c-1";
        e.type = type;
        e.timestamp = at;
        e.attributesAt = at;
        return e;
    }

    private void cart(EventType type, long at, String... items) throws Exception {
        TriggerEvent e = event(type, at);
        e.itemIds = items;
        e.quantities = new int[items.length];
        java.util.Arrays.fill(e.quantities, 1);
        harness.processElement(e, at);
    }

    private void profile(long at, String birthday, Boolean consent) throws Exception {
        TriggerEvent e = event(EventType.PROFILE_UPDATE, at);
        e.birthday = birthday;
        e.marketingConsent = consent;
        harness.processElement(e, at);
    }

    /** A consent grant stamped a day ahead (a device clock a day fast) whose Kafka record is Monday's. */
    private void grantStampedADayAheadSentMonday() throws Exception {
        TriggerEvent grant = event(EventType.PROFILE_UPDATE, MONDAY + DAY);
        grant.attributesAt = MONDAY;
        grant.marketingConsent = true;
        harness.processElement(grant, grant.timestamp);
    }

    private void impression(long at, String offerId) throws Exception {
        TriggerEvent e = event(EventType.OFFER_IMPRESSION, at);
        e.eventId = "imp-" + offerId + "-" + at;
        e.offerId = offerId;
        harness.processElement(e, at);
    }

    /** Keyed state entries of every customer (this harness has no numKeyedStateEntries). */
    private int stateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private List<MarketingAction> actions() {
        return harness.extractOutputValues().stream()
                .map(r -> Json.decode(r.value, MarketingAction.class))
                .toList();
    }

    @Test
    void abandonedCart_firesOnceWhenTheCartIsUntouchedForTheThreshold() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 45, null, 0));
        profile(MONDAY - DAY, null, true);
        cart(EventType.ADD_TO_CART, MONDAY, "tea", "milk");
        harness.watermark(MONDAY + 44 * MINUTE);
        assertThat(actions()).isEmpty();
        harness.watermark(MONDAY + 45 * MINUTE);
        assertThat(actions()).hasSize(1);
        MarketingAction action = actions().get(0);
        assertThat(action.offerId()).isEqualTo("cart");
        assertThat(action.customerId()).isEqualTo("c-1");
        assertThat(action.reason()).isEqualTo("You left 2 items in your cart 45 minutes ago: Title of cart");
        assertThat(action.occurrence()).isEqualTo("cart@" + MONDAY);
        assertThat(action.firedAt()).isEqualTo(MONDAY + 45 * MINUTE);
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).hasSize(1);
        assertThat(harness.numEventTimeTimers())
                .as("only the timer that forgets an inactive customer")
                .isOne();
    }

    @Test
    void abandonedCart_aLateAddDatedBeforeThePurchaseThatBoughtIt_firesNothing() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        // the order arrives before the clickstream's add and its resend
        cart(EventType.PURCHASE, MONDAY + 10 * MINUTE, "tea");
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void aLateAdd_whoseCheckIsBehindTheWatermark_waitsForTheRestOfTheBurst_thatBoughtTheCart() throws Exception {
        // An app's offline queue flushes, a request at a time, an add dated 50 minutes back and then the
        // purchase 5 minutes after it that bought the cart. The check (add + 30 minutes) is 20 minutes
        // behind the watermark when the add arrives; made at once, it wrote a reminder for a bought cart.
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        long now = MONDAY + DAY;
        harness.watermark(now);
        cart(EventType.ADD_TO_CART, now - 50 * MINUTE, "tea");
        harness.watermark(now + MINUTE - 1);
        assertThat(actions()).as("the check waits a minute of event time").isEmpty();
        cart(EventType.PURCHASE, now - 45 * MINUTE, "tea");
        harness.watermark(now + 2 * DAY);
        assertThat(actions()).isEmpty();
        assertThat(harness.numEventTimeTimers())
                .as("no cart check: the purchase's win-back check and the timer that forgets an inactive customer")
                .isEqualTo(2);
    }

    @Test
    void aLateAdd_whoseCartStaysAbandoned_firesAMinuteAfterTheWatermark_everyOfferThenDueTogether() throws Exception {
        open(
                offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0),
                offer("cart-40", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 40, null, 0),
                offer("cart-2h", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 120, null, 0));
        long now = MONDAY + DAY;
        harness.watermark(now);
        cart(EventType.ADD_TO_CART, now - 50 * MINUTE, "tea");
        harness.watermark(now + MINUTE - 1);
        assertThat(actions()).isEmpty();
        harness.watermark(now + MINUTE);
        assertThat(actions())
                .as("51 minutes after the add: the 30- and 40-minute offers")
                .extracting(MarketingAction::offerId)
                .containsExactlyInAnyOrder("cart", "cart-40");
        assertThat(actions()).allSatisfy(action -> {
            assertThat(action.firedAt()).isEqualTo(now + MINUTE);
            assertThat(action.occurrence()).isEqualTo("cart@" + (now - 50 * MINUTE));
            assertThat(action.reason()).startsWith("You left 1 item in your cart 51 minutes ago");
        });
        harness.watermark(now + 70 * MINUTE);
        assertThat(actions())
                .as("the 2-hour offer at its own time, add + 120 minutes")
                .extracting(MarketingAction::offerId)
                .containsExactlyInAnyOrder("cart", "cart-40", "cart-2h");
    }

    @Test
    void afterARestart_aLateAddsCheck_waitsForTheRestOfTheBurst_thatBoughtTheCart() throws Exception {
        // Flink restores no watermark: the restart's first request holds an add dated 50 minutes back and
        // a live click, whose watermark then passes the add's check at once; the purchase comes next.
        long now = aLateAddAfterARestart();
        cart(EventType.PURCHASE, now - 45 * MINUTE, "tea");
        harness.watermark(now + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void afterARestart_aLateCartLeftAbandoned_firesAMinuteAfterTheWatermarkThatPassedIt() throws Exception {
        long now = aLateAddAfterARestart();
        harness.watermark(now + MINUTE - 1);
        assertThat(actions()).isEmpty();
        harness.watermark(now + MINUTE);
        assertThat(actions()).extracting(MarketingAction::firedAt).containsExactly(now + MINUTE);
        harness.watermark(now + 2 * DAY);
        assertThat(actions()).as("once").hasSize(1);
    }

    @Test
    void afterAQuietSpell_aLateAddsCheck_aheadOfTheOldWatermark_waitsForTheRestOfTheBurst() throws Exception {
        // The newest event is 13 hours old: the add's check (20 minutes ago) is ahead of that watermark.
        long now = MONDAY + DAY;
        clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        harness.watermark(now - 13 * 60 * MINUTE);
        cart(EventType.ADD_TO_CART, now - 50 * MINUTE, "tea");
        harness.watermark(now);
        assertThat(actions()).isEmpty();
        cart(EventType.PURCHASE, now - 45 * MINUTE, "tea");
        harness.watermark(now + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void afterARestart_aCheckTheWatermarkReachesInStep_firesOnTime() throws Exception {
        long now = MONDAY + DAY;
        restartedAt(now, offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        cart(EventType.ADD_TO_CART, now, "tea");
        harness.watermark(now + 30 * MINUTE + LATE_GRACE);
        assertThat(actions())
                .as("passed by no more than the minute: made, not put off")
                .extracting(MarketingAction::firedAt)
                .containsExactly(now + 30 * MINUTE);
    }

    @Test
    void afterARestart_aLatePurchasesWinBack_waitsForTheCustomersNewerOrder() throws Exception {
        long now = MONDAY + 100 * DAY;
        restartedAt(now, offer("win", OfferTrigger.WIN_BACK, ContactClass.SERVICE, null, 60, 0));
        cart(EventType.PURCHASE, now - 60 * DAY - 12 * 60 * MINUTE, "tea");
        harness.watermark(now);
        assertThat(actions()).isEmpty();
        cart(EventType.PURCHASE, now - 5 * DAY, "milk");
        harness.watermark(now + 55 * DAY);
        assertThat(actions())
                .extracting(MarketingAction::reason)
                .containsExactly("We miss you: your last order was 60 days ago. Title of win");
    }

    @Test
    void theEndOfABoundedInput_makesAnUnsureCheck_withoutPuttingItOff() throws Exception {
        restartedAt(MONDAY + DAY, offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(Long.MAX_VALUE);
        assertThat(actions()).extracting(MarketingAction::firedAt).containsExactly(MONDAY + 30 * MINUTE);
    }

    @Test
    void aLatePurchase_whoseWinBackIsBehindTheWatermark_waitsForTheCustomersNewerOrder() throws Exception {
        // A history import, oldest first, into a live stream: a purchase 60 days and 12 hours back, then,
        // a moment later, the customer's order of 5 days ago. The win-back check (purchase + 60 days) is
        // 12 hours behind the watermark; made at once, it wrote "we miss you" to a customer of last week.
        long now = aLatePurchaseWhoseSixtyDayWinBackIsHalfADayBehindTheWatermark();
        cart(EventType.PURCHASE, now - 5 * DAY, "milk");
        harness.watermark(now + 55 * DAY - 1);
        assertThat(actions()).isEmpty();
        harness.watermark(now + 55 * DAY);
        assertThat(actions())
                .extracting(MarketingAction::reason)
                .containsExactly("We miss you: your last order was 60 days ago. Title of win");
    }

    @Test
    void aLatePurchase_whoseWinBackIsDue_firesAMinuteAfterTheWatermark() throws Exception {
        long now = aLatePurchaseWhoseSixtyDayWinBackIsHalfADayBehindTheWatermark();
        harness.watermark(now + MINUTE);
        assertThat(actions()).extracting(MarketingAction::firedAt).containsExactly(now + MINUTE);
    }

    /**
     * A 60-day win-back offer, the watermark at "now", then a purchase 60 days and 12 hours back: its
     * check is due at once, and nothing fires within the minute after the watermark.
     *
     * @return now
     */
    private long aLatePurchaseWhoseSixtyDayWinBackIsHalfADayBehindTheWatermark() throws Exception {
        open(offer("win", OfferTrigger.WIN_BACK, ContactClass.SERVICE, null, 60, 0));
        long now = MONDAY + 100 * DAY;
        harness.watermark(now);
        cart(EventType.PURCHASE, now - 60 * DAY - 12 * 60 * MINUTE, "tea");
        harness.watermark(now + MINUTE - 1);
        assertThat(actions()).isEmpty();
        return now;
    }

    @Test
    void aLateEvent_whoseCheckPassedLongAgo_firesNothing_butALaterThresholdStillComes() throws Exception {
        open(
                offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0),
                offer("cart-2d", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 2 * 24 * 60, null, 0),
                offer("win", OfferTrigger.WIN_BACK, ContactClass.SERVICE, null, 30, 0));
        harness.watermark(MONDAY + 40 * DAY);
        cart(EventType.ADD_TO_CART, MONDAY, "tea"); // 40 days late: both cart checks long past
        cart(EventType.PURCHASE, MONDAY + 5 * DAY, "milk"); // its win-back (day 35) long past too
        harness.watermark(MONDAY + 41 * DAY);
        assertThat(actions()).isEmpty();

        long jam = MONDAY + 41 * DAY - 36 * 60 * MINUTE; // 36 hours behind the watermark
        cart(EventType.ADD_TO_CART, jam, "jam");
        harness.watermark(jam + 2 * DAY - 1);
        assertThat(actions())
                .as("the 30-minute check passed a day and a half ago")
                .isEmpty();
        harness.watermark(jam + 2 * DAY);
        assertThat(actions())
                .as("the 2-day check comes, with every offer then due")
                .extracting(MarketingAction::offerId)
                .containsExactlyInAnyOrder("cart", "cart-2d");
    }

    @Test
    void abandonedCart_aRemovalArrivingBeforeItsAdd_stillEmptiesTheCart() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        cart(EventType.REMOVE_FROM_CART, MONDAY + MINUTE, "tea");
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void abandonedCart_timerIsClearedWhenTheCartEmpties() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, null, null, 0));
        profile(MONDAY - DAY, null, true);
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the cart check and the inactivity timer
        cart(EventType.PURCHASE, MONDAY + 10 * MINUTE, "tea");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the win-back check and the inactivity timer
    }

    @Test
    void abandonedCart_aPartialRemovalLeavesTheCartAbandoned_aFullOneEmptiesIt() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        TriggerEvent add = event(EventType.ADD_TO_CART, MONDAY);
        add.itemIds = new String[] {"tea"};
        add.quantities = new int[] {3};
        harness.processElement(add, MONDAY);
        cart(EventType.REMOVE_FROM_CART, MONDAY + MINUTE, "tea"); // one of three

        harness.watermark(MONDAY + 31 * MINUTE);
        assertThat(actions())
                .extracting(MarketingAction::reason)
                .containsExactly("You left 2 items in your cart 30 minutes ago: Title of cart");

        TriggerEvent rest = event(EventType.REMOVE_FROM_CART, MONDAY + 40 * MINUTE);
        rest.itemIds = new String[] {"tea"};
        rest.quantities = new int[] {2};
        harness.processElement(rest, MONDAY + 40 * MINUTE);
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).as("an emptied cart is no longer abandoned").hasSize(1);
    }

    @Test
    void abandonedCart_aNewChangeIsANewOccurrence() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + 30 * MINUTE);
        cart(EventType.ADD_TO_CART, MONDAY + 40 * MINUTE, "milk");
        harness.watermark(MONDAY + 70 * MINUTE);
        assertThat(actions())
                .extracting(MarketingAction::occurrence)
                .containsExactly("cart@" + MONDAY, "cart@" + (MONDAY + 40 * MINUTE));
        assertThat(actions().get(1).reason()).startsWith("You left 2 items");
    }

    private static Offer forSegments(String offerId, String... segments) {
        return new Offer(
                offerId,
                "Title of " + offerId,
                "offer",
                OfferTrigger.ABANDONED_CART,
                30,
                null,
                List.of("email"),
                ContactClass.SERVICE,
                List.of(segments),
                false,
                1,
                1,
                0,
                VALID_FROM,
                VALID_TO);
    }

    @Test
    void segmentRestrictedOffers_fireForTheSegmentsTheStreamKnows() throws Exception {
        open(
                forSegments("for-carted", "carted"),
                forSegments("for-first", "first_purchase"),
                forSegments("for-gold", "gold"),
                forSegments("for-big-spenders", "big_spenders"),
                forSegments("for-new", "new"),
                forSegments("for-loyal", "loyal"),
                forSegments("for-champions", "champions"));
        TriggerEvent tier = event(EventType.PROFILE_UPDATE, MONDAY - 2 * DAY);
        tier.tier = "gold";
        harness.processElement(tier, tier.timestamp);
        TriggerEvent order = event(EventType.PURCHASE, MONDAY - DAY);
        order.orderId = "o-1";
        order.orderValue = 600;
        order.itemIds = new String[] {"tv"};
        order.quantities = new int[] {1};
        harness.processElement(order, order.timestamp);
        harness.processElement(order, order.timestamp); // the same order again counts once
        cart(EventType.ADD_TO_CART, MONDAY, "cable");
        harness.watermark(MONDAY + 30 * MINUTE);
        // One order (first_purchase, not carted), tier gold, monetary 600 (big_spenders), one order in
        // the last 30 days (new); loyal needs 5 orders; champions needs RFM quintiles: never here.
        assertThat(actions())
                .extracting(MarketingAction::offerId)
                .containsExactlyInAnyOrder("for-first", "for-gold", "for-big-spenders", "for-new");
    }

    @Test
    void segmentRestrictedOffer_firesForACartedBrowser_andSegmentsGoWithTheErase() throws Exception {
        open(forSegments("for-carted", "carted"), forSegments("for-gold", "gold"));
        TriggerEvent tier = event(EventType.PROFILE_UPDATE, MONDAY - DAY);
        tier.tier = "gold";
        harness.processElement(tier, tier.timestamp);
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + 30 * MINUTE);
        assertThat(actions()).extracting(MarketingAction::offerId).containsExactlyInAnyOrder("for-carted", "for-gold");
        harness.processElement(event(EventType.ERASE, MONDAY + 40 * MINUTE), MONDAY + 40 * MINUTE);
        harness.getOutput().clear();
        cart(EventType.ADD_TO_CART, MONDAY + 50 * MINUTE, "tea");
        harness.watermark(MONDAY + 80 * MINUTE);
        assertThat(actions())
                .as("the tier went with the erase")
                .extracting(MarketingAction::offerId)
                .containsExactly("for-carted");
    }

    @Test
    void aWithdrawalSentAfterAGrantStampedAhead_winsThoughStampedAMomentBeforeTheGrantArrived() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0));
        grantStampedADayAheadSentMonday();
        profile(MONDAY - 2_000, null, false); // sent after it, stamped two seconds before its arrival
        cart(EventType.ADD_TO_CART, MONDAY + 3_600_000, "tea");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void aLateOlderTier_neverUndoesANewerOne_asInTheProfile() throws Exception {
        open(forSegments("for-carted", "carted"), forSegments("for-gold", "gold"));
        TriggerEvent removed = event(EventType.PROFILE_UPDATE, MONDAY - DAY);
        removed.tier = ""; // tier removed yesterday
        harness.processElement(removed, removed.timestamp);
        TriggerEvent gold = event(EventType.PROFILE_UPDATE, MONDAY - 2 * DAY);
        gold.tier = "gold"; // set the day before, arriving late
        harness.processElement(gold, gold.timestamp);
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + 30 * MINUTE);
        assertThat(actions()).extracting(MarketingAction::offerId).containsExactly("for-carted");
    }

    @Test
    void marketingTrigger_needsConsent() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0));
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void aLateOlderConsent_neverUndoesANewerWithdrawal() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0));
        profile(MONDAY - DAY, null, false); // withdrawn yesterday
        profile(MONDAY - 2 * DAY, null, true); // granted the day before, arriving late
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).isEmpty();

        profile(MONDAY + DAY, null, true); // granted again, later
        cart(EventType.ADD_TO_CART, MONDAY + DAY, "milk");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).hasSize(1);
    }

    @Test
    void aConsentStampedAheadOfTheClock_countsFromWhenItWasSent() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0));
        grantStampedADayAheadSentMonday();
        profile(MONDAY + 3_600_000, null, false); // withdrawn an hour after it was sent
        cart(EventType.ADD_TO_CART, MONDAY + 2 * 3_600_000, "tea");
        harness.watermark(MONDAY + 2 * DAY);
        assertThat(actions()).isEmpty();
    }

    @Test
    void winBack_firesAfterInactiveDaysAndIsPostponedByAPurchase() throws Exception {
        open(offer("win", OfferTrigger.WIN_BACK, ContactClass.SERVICE, null, 30, 0));
        cart(EventType.PURCHASE, MONDAY, "tea");
        harness.watermark(MONDAY + 20 * DAY);
        cart(EventType.PURCHASE, MONDAY + 20 * DAY, "milk");
        harness.watermark(MONDAY + 49 * DAY);
        assertThat(actions()).isEmpty();
        harness.watermark(MONDAY + 50 * DAY);
        assertThat(actions())
                .extracting(MarketingAction::reason)
                .containsExactly("We miss you: your last order was 30 days ago. Title of win");
    }

    @Test
    void birthday_firesAtMidnightUtcEveryYearWithoutConsentForAServiceOffer() throws Exception {
        open(offer("bday", OfferTrigger.BIRTHDAY, ContactClass.SERVICE, null, null, 0));
        profile(MONDAY, "1990-11-25", null);
        long birthday2026 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
        harness.watermark(birthday2026 - 1);
        assertThat(actions()).isEmpty();
        harness.watermark(birthday2026);
        assertThat(actions()).extracting(MarketingAction::occurrence).containsExactly("birthday@2026");
        assertThat(actions().get(0).reason()).isEqualTo("It's your birthday today: Title of bday");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // next year's birthday and the inactivity timer
        long summer2027 = Instant.parse("2027-06-01T00:00:00Z").toEpochMilli();
        cart(EventType.ADD_TO_CART, summer2027, "tea"); // still active, so not forgotten before the next birthday
        harness.watermark(Instant.parse("2027-11-25T00:00:00Z").toEpochMilli());
        assertThat(actions()).extracting(MarketingAction::occurrence).containsExactly("birthday@2026", "birthday@2027");
    }

    @Test
    void nextBirthday_movesALeapDayTo28February() {
        assertThat(MarketingTriggersFunction.nextBirthday(java.time.LocalDate.parse("2000-02-29"), MONDAY))
                .isEqualTo(Instant.parse("2027-02-28T00:00:00Z").toEpochMilli());
        assertThat(MarketingTriggersFunction.nextBirthday(java.time.LocalDate.parse("2000-11-23"), MONDAY))
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli());
    }

    @Test
    void contactCaps_holdBackMarketingButNotService() throws Exception {
        open(
                offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0),
                offer("cart-service", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0),
                offer("news", OfferTrigger.ALWAYS, ContactClass.MARKETING, null, null, 0),
                offer("tip", OfferTrigger.ALWAYS, ContactClass.SERVICE, null, null, 0));
        profile(MONDAY - DAY, null, true);
        impression(MONDAY, "news");
        impression(MONDAY + 1, "news");
        impression(MONDAY + 2, "tip");
        impression(MONDAY + 3, "unknown-offer");
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).extracting(MarketingAction::offerId).containsExactly("cart-service");
    }

    @Test
    void impressionsOfAServiceOfferSinceRetired_countTowardNoCap() throws Exception {
        Offer cart = offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0);
        Offer tracking = offer("tracking", OfferTrigger.ALWAYS, ContactClass.SERVICE, null, null, 0);
        open(cart, tracking);
        OfferCatalogue retired =
                new OfferCatalogue(List.of(cart, tracking), 1).next(List.of(cart), MONDAY + 300 * MINUTE);
        harness.processBroadcastElement(new String(Json.encode(retired), StandardCharsets.UTF_8), 0);
        profile(MONDAY - DAY, null, true);
        impression(MONDAY, "tracking");
        impression(MONDAY + 1, "tracking");
        impression(MONDAY + 2, "tracking");
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).extracting(MarketingAction::offerId).containsExactly("cart");
    }

    @Test
    void aResentImpression_isOneContact() throws Exception {
        // caps 3 a day: two impressions, one of them resent twice, leave room for the reminder
        open(
                offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0),
                offer("news", OfferTrigger.ALWAYS, ContactClass.MARKETING, null, null, 0));
        profile(MONDAY - DAY, null, true);
        impression(MONDAY, "news");
        impression(MONDAY, "news");
        impression(MONDAY, "news");
        impression(MONDAY + 1, "news");
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).extracting(MarketingAction::offerId).containsExactly("cart");
    }

    @Test
    void heldOutFiring_writesTheHoldoutMarkerInsteadOfAnAction() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 100));
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        harness.watermark(MONDAY + DAY);
        assertThat(actions()).isEmpty();
        var markers = harness.getSideOutput(MarketingTriggersFunction.HOLDOUT_MARKERS);
        assertThat(markers).hasSize(1);
        var marker = Json.mapper().readTree(markers.peek().getValue().value);
        assertThat(marker.get("type").asText()).isEqualTo("offer_impression");
        assertThat(marker.get("holdout").asBoolean()).isTrue();
        assertThat(marker.get("offerId").asText()).isEqualTo("cart");
        assertThat(marker.get("eventId").asText()).startsWith("holdout-");
    }

    @Test
    void erase_forgetsTheCustomerAndTheirTimers() throws Exception {
        open(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.SERVICE, 30, null, 0));
        profile(MONDAY, "1990-12-01", true);
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        cart(EventType.PURCHASE, MONDAY, "milk");
        assertThat(harness.numEventTimeTimers()).isEqualTo(4);
        harness.processElement(event(EventType.ERASE, MONDAY + 1), MONDAY + 1);
        assertThat(harness.numEventTimeTimers())
                .as("only the timer that forgets the erase")
                .isOne();
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        assertThat(harness.numEventTimeTimers())
                .as("an event from before the erase brings nothing back")
                .isOne();
        harness.watermark(MONDAY + 1 + MarketingTriggersFunction.FIRED_RETENTION_DAYS * DAY);
        assertThat(actions()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void inactiveCustomer_isForgottenAfterAYear_andTheirStateAndTimersGo() throws Exception {
        open(
                offer("win", OfferTrigger.WIN_BACK, ContactClass.SERVICE, null, 30, 0),
                offer("bday", OfferTrigger.BIRTHDAY, ContactClass.SERVICE, null, null, 0));
        profile(MONDAY, "1990-12-01", true);
        cart(EventType.ADD_TO_CART, MONDAY, "tea");
        cart(EventType.PURCHASE, MONDAY + DAY, "milk");
        long forgetAt = MONDAY + DAY + MarketingTriggersFunction.INACTIVITY_DAYS * DAY;
        harness.watermark(forgetAt - 1);
        assertThat(actions()).extracting(MarketingAction::offerId).contains("win", "bday");
        assertThat(stateEntries()).isPositive();
        harness.watermark(forgetAt);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void activity_postponesForgetting() throws Exception {
        open();
        profile(MONDAY, null, true);
        cart(EventType.ADD_TO_CART, MONDAY + 200 * DAY, "tea");
        harness.watermark(MONDAY + MarketingTriggersFunction.INACTIVITY_DAYS * DAY);
        assertThat(stateEntries()).isPositive();
        harness.watermark(MONDAY + (200 + MarketingTriggersFunction.INACTIVITY_DAYS) * DAY);
        assertThat(stateEntries()).isZero();
    }
}
