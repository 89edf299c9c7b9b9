package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.jobs.ingest.CustomerEvent;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.profile.CartLine;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyRules;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileFunctionTest extends ProfileTestBase {
    private static final Duration DEDUP = ProfileSettings.DEFAULTS.dedupWindow();
    private static final Duration RETENTION = ProfileSettings.DEFAULTS.retention();

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, TopicRecord> harness;
    private long processingTime;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(ProfileSettings settings) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ProfileFunction(settings)), e -> e.customerId, Types.STRING);
        harness.open();
    }

    private void send(String... jsons) throws Exception {
        for (String json : jsons) {
            CustomerEvent event = customerEvent(json);
            harness.processElement(event, event.timestamp);
        }
    }

    /** A consent grant stamped Tuesday (a device clock a day fast) whose Kafka record is Monday's. */
    private void grantStampedADayAheadSentMonday(String customer) throws Exception {
        CustomerEvent grant = customerEvent(profileUpdate(TUESDAY, customer, "{\"marketingConsent\":true}"));
        grant.attributesAt = MONDAY.toEpochMilli();
        harness.processElement(grant, grant.timestamp);
    }

    /** Lets the debounce interval pass, so pending snapshots are published. */
    private void flush() throws Exception {
        processingTime += ProfileSettings.DEFAULTS.flushInterval().toMillis();
        harness.setProcessingTime(processingTime);
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<TopicRecord> records(String customer) {
        return harness.extractOutputValues().stream()
                .filter(r -> customer.equals(r.key))
                .toList();
    }

    private CustomerProfile latest(String customer) {
        List<TopicRecord> records = records(customer);
        TopicRecord last = records.get(records.size() - 1);
        assertThat(last.isTombstone())
                .as("latest record of " + customer + " is a tombstone")
                .isFalse();
        return Json.decode(last.value, CustomerProfile.class);
    }

    @Test
    void purchases_countOrdersItemsValueAndAov() throws Exception {
        open(ProfileSettings.DEFAULTS);

        send(purchase(MONDAY, "c1", "o1", "a*2", "b"), purchase(TUESDAY, "c1", "o2", "c"));
        flush();

        CustomerProfile p = latest("c1");
        assertThat(p.orders()).isEqualTo(2);
        assertThat(p.itemsBought()).isEqualTo(4);
        assertThat(p.monetary()).isEqualTo(4 * PRICE);
        assertThat(p.aov()).isEqualTo(2 * PRICE);
        assertThat(p.lastPurchaseAt()).isEqualTo(TUESDAY.toEpochMilli());
        assertThat(p.firstSeen()).isEqualTo(MONDAY.toEpochMilli());
        assertThat(p.lastSeen()).isEqualTo(TUESDAY.toEpochMilli());
        assertThat(p.journeyStage()).isEqualTo(JourneyStage.REPEAT);
        assertThat(records("c1"))
                .as("two events within the debounce interval, one snapshot")
                .hasSize(1);
    }

    @Test
    void repeatedEventIdOrOrderId_countsOnce() throws Exception {
        open(ProfileSettings.DEFAULTS);
        String order = purchase(MONDAY, "c1", "o1", "a");
        send(order);
        flush();
        int entries = harness.numKeyedStateEntries();

        send(order, purchaseWithId("resent", TUESDAY, "c1", "o1", "a"), order);
        flush();

        assertThat(latest("c1").orders()).isEqualTo(1);
        assertThat(latest("c1").monetary()).isEqualTo(PRICE);
        assertThat(records("c1")).as("duplicates publish nothing").hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
    }

    @Test
    void anOrderIdOnAnotherEventType_isNotThatOrder() throws Exception {
        open(ProfileSettings.DEFAULTS);
        send(
                purchase(MONDAY, "c1", "o1", "a"),
                withOrderId(feedback(MONDAY.plusSeconds(1), "c1", 5, "fine"), "o1"),
                withOrderId(offer("offer_redeem", MONDAY.plusSeconds(2), "c1"), "o1"),
                withOrderId(offer("offer_redeem", MONDAY.plusSeconds(3), "c1"), "o2"),
                purchase(MONDAY.plusSeconds(4), "c1", "o2", "b"));
        flush();

        CustomerProfile p = latest("c1");
        assertThat(p.orders()).as("o2's purchase after a redemption naming o2").isEqualTo(2);
        assertThat(p.monetary()).isEqualTo(2 * PRICE);
        assertThat(p.feedback().count()).as("feedback naming o1").isEqualTo(1);
        assertThat(p.offers().redemptions())
                .as("both redemptions naming an order")
                .isEqualTo(2);
    }

    private static String withOrderId(String json, String orderId) {
        return json.substring(0, json.length() - 1) + ",\"orderId\":\"" + orderId + "\"}";
    }

    @Test
    void cart_followsAddsAndRemoves_andLosesWhatWasBought() throws Exception {
        open(ProfileSettings.DEFAULTS);
        Instant t = MONDAY;

        send(
                addToCart(t, "c1", "a"),
                addToCart(t.plusSeconds(1), "c1", "b"),
                addToCart(t.plusSeconds(2), "c1", "a"),
                addToCart(t.plusSeconds(3), "c1", "c"),
                removeFromCart(t.plusSeconds(4), "c1", "c"));
        flush();

        assertThat(latest("c1").cart())
                .containsExactly(
                        new CartLine("a", "cat-a", PRICE, 2, t.toEpochMilli()),
                        new CartLine("b", "cat-b", PRICE, 1, t.plusSeconds(1).toEpochMilli()));
        assertThat(latest("c1").cartUpdatedAt()).isEqualTo(t.plusSeconds(4).toEpochMilli());
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.CARTED);

        send(purchase(t.plusSeconds(60), "c1", "o1", "a", "z"));
        flush();

        assertThat(latest("c1").cart()).extracting(CartLine::itemId).containsExactly("b");
        assertThat(latest("c1").cartUpdatedAt()).isEqualTo(t.plusSeconds(60).toEpochMilli());
    }

    @Test
    void cart_followsEventTime_notArrival_soALateAddOfABoughtItemStaysOut() throws Exception {
        open(ProfileSettings.DEFAULTS);
        Instant t = MONDAY;

        // the order system's purchase arrives before the clickstream's adds and removal
        send(
                purchase(t.plusSeconds(300), "c1", "o1", "a"),
                cartChange("remove_from_cart", t.plusSeconds(120), "c1", "b", 1),
                cartChange("add_to_cart", t, "c1", "a", 2),
                cartChange("add_to_cart", t.plusSeconds(60), "c1", "b", 3));
        flush();

        assertThat(latest("c1").cart())
                .containsExactly(
                        new CartLine("b", "cat-b", PRICE, 2, t.plusSeconds(60).toEpochMilli()));
        assertThat(latest("c1").cartUpdatedAt())
                .as("in event time the purchase, which took a out of the cart, was its last change")
                .isEqualTo(t.plusSeconds(300).toEpochMilli());
    }

    @Test
    void removeFromCart_takesItsQuantityOutOfTheLine_andALineLeftWithNoneGoes() throws Exception {
        open(ProfileSettings.DEFAULTS);
        Instant t = MONDAY;

        send(
                cartChange("add_to_cart", t, "c1", "a", 3),
                cartChange("add_to_cart", t.plusSeconds(1), "c1", "b", 2),
                cartChange("remove_from_cart", t.plusSeconds(2), "c1", "a", 1),
                removeFromCart(t.plusSeconds(3), "c1", "b"));
        flush();

        // "remove one" of three leaves two; a removal without a quantity takes one, as an add adds one
        assertThat(latest("c1").cart())
                .containsExactly(
                        new CartLine("a", "cat-a", PRICE, 2, t.toEpochMilli()),
                        new CartLine("b", "cat-b", PRICE, 1, t.plusSeconds(1).toEpochMilli()));
        assertThat(latest("c1").cartUpdatedAt()).isEqualTo(t.plusSeconds(3).toEpochMilli());

        send(
                cartChange("remove_from_cart", t.plusSeconds(4), "c1", "a", 5),
                cartChange("remove_from_cart", t.plusSeconds(5), "c1", "not-in-cart", 1));
        flush();

        assertThat(latest("c1").cart()).extracting(CartLine::itemId).containsExactly("b");
        assertThat(latest("c1").cartUpdatedAt())
                .as("removing what is not there changes nothing")
                .isEqualTo(t.plusSeconds(4).toEpochMilli());
    }

    @Test
    void cartPastItsCap_ignoresFurtherItems() throws Exception {
        open(ProfileSettings.DEFAULTS.withMaxCartLines(2));

        send(
                addToCart(MONDAY, "c1", "a"),
                addToCart(MONDAY.plusSeconds(1), "c1", "b"),
                addToCart(MONDAY.plusSeconds(2), "c1", "c"));
        flush();

        assertThat(latest("c1").cart()).extracting(CartLine::itemId).containsExactly("a", "b");
    }

    @Test
    void journey_movesFromNewToLoyal_thenAtRiskAndLapsedOnInactivity_andBackOnActivity() throws Exception {
        open(ProfileSettings.DEFAULTS);
        Instant t = MONDAY;
        List<String> steps = List.of(
                profileUpdate(t, "c1", "{\"tier\":\"gold\"}"),
                view(t.plusSeconds(1), "c1", "a"),
                addToCart(t.plusSeconds(2), "c1", "a"),
                purchase(t.plusSeconds(3), "c1", "o1", "a"),
                purchase(t.plusSeconds(4), "c1", "o2", "b"),
                purchase(t.plusSeconds(5), "c1", "o3", "b"),
                purchase(t.plusSeconds(6), "c1", "o4", "b"),
                purchase(t.plusSeconds(7), "c1", "o5", "b"));
        List<JourneyStage> stages = new ArrayList<>();
        for (String step : steps) {
            send(step);
            flush();
            stages.add(latest("c1").journeyStage());
        }
        assertThat(stages)
                .containsExactly(
                        JourneyStage.NEW,
                        JourneyStage.BROWSING,
                        JourneyStage.CARTED,
                        JourneyStage.FIRST_PURCHASE,
                        JourneyStage.REPEAT,
                        JourneyStage.REPEAT,
                        JourneyStage.REPEAT,
                        JourneyStage.LOYAL);

        Instant lastSeen = t.plusSeconds(7);
        watermark(lastSeen.plus(Duration.ofDays(30)).minusMillis(1));
        flush();
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.LOYAL);

        watermark(lastSeen.plus(Duration.ofDays(30)));
        assertThat(latest("c1").journeyStage())
                .as("published when the timer fires")
                .isEqualTo(JourneyStage.AT_RISK);

        watermark(lastSeen.plus(Duration.ofDays(90)));
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.LAPSED);
        assertThat(harness.numEventTimeTimers()).as("only the profile's expiry").isEqualTo(1);

        send(view(lastSeen.plus(Duration.ofDays(91)), "c1", "x"));
        flush();
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.LOYAL);
    }

    @Test
    void journeyThresholds_areConfigurable() throws Exception {
        open(ProfileSettings.DEFAULTS.withJourney(new JourneyRules(2, Duration.ofDays(1), Duration.ofDays(2))));

        send(purchase(MONDAY, "c1", "o1", "a"), purchase(MONDAY.plusSeconds(1), "c1", "o2", "a"));
        flush();
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.LOYAL);

        watermark(MONDAY.plusSeconds(1).plus(Duration.ofDays(1)));
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.AT_RISK);
    }

    @Test
    void recentItems_newestFirst_capped() throws Exception {
        open(ProfileSettings.DEFAULTS.withRecentItems(3));

        send(
                view(MONDAY, "c1", "a"),
                addToCart(MONDAY.plusSeconds(2), "c1", "b"),
                purchase(MONDAY.plusSeconds(3), "c1", "o1", "b"),
                view(MONDAY.plusSeconds(1), "c1", "late"),
                view(MONDAY.plusSeconds(4), "c1", "d"));
        flush();

        assertThat(latest("c1").recentItems())
                .containsExactly(
                        new RecentItem(
                                "d", "cat-d", "view", MONDAY.plusSeconds(4).toEpochMilli(), PRICE),
                        new RecentItem(
                                "b", "cat-b", "purchase", MONDAY.plusSeconds(3).toEpochMilli(), PRICE),
                        new RecentItem(
                                "b",
                                "cat-b",
                                "add_to_cart",
                                MONDAY.plusSeconds(2).toEpochMilli(),
                                PRICE));
    }

    @Test
    void topCategories_decayWithTheHalfLife_andRankHighestFirst() throws Exception {
        open(ProfileSettings.DEFAULTS.withAffinityHalfLife(Duration.ofDays(1)).withMaxCategories(2));

        send(
                purchase(MONDAY, "c1", "o1", "old"),
                view(WEDNESDAY, "c1", "new"),
                view(WEDNESDAY.plusMillis(1), "c1", "new"),
                view(WEDNESDAY.plusMillis(2), "c1", "newest"));
        flush();

        List<CategoryAffinity> top = latest("c1").topCategories();
        assertThat(top)
                .as("the lowest of three, newest, is dropped")
                .extracting(CategoryAffinity::category)
                .containsExactly("cat-new", "cat-old");
        assertThat(top.get(0).affinity()).isCloseTo(2, within(1e-6));
        assertThat(top.get(1).affinity()).as("5 halved twice").isCloseTo(1.25, within(1e-6));
    }

    @Test
    void attributesFeedbackAndOffers_areKept() throws Exception {
        open(ProfileSettings.DEFAULTS);

        send(
                profileUpdate(MONDAY, "c1", "{\"birthday\":\"1990-05-01\",\"tier\":\"silver\",\"pets\":[\"cat\"]}"),
                profileUpdate(TUESDAY, "c1", "{\"tier\":\"gold\",\"marketingConsent\":true,\"pets\":null}"),
                feedback(MONDAY, "c1", 5, "great"),
                feedback(TUESDAY, "c1", 2, null),
                offer("offer_impression", MONDAY, "c1"),
                offer("offer_impression", TUESDAY, "c1"),
                offer("offer_click", TUESDAY, "c1"),
                offer("offer_redeem", WEDNESDAY, "c1"),
                search(WEDNESDAY, "c1"));
        flush();

        CustomerProfile p = latest("c1");
        assertThat(p.attributes())
                .containsExactly(
                        Map.entry("birthday", "1990-05-01"),
                        Map.entry("tier", "gold"),
                        Map.entry("marketingConsent", true));
        assertThat(p.feedback()).isEqualTo(new FeedbackSummary(2, 3.5, "great", TUESDAY.toEpochMilli()));
        assertThat(p.offers()).isEqualTo(new OfferResponses(2, 1, 1));
        assertThat(p.journeyStage()).as("a search is browsing").isEqualTo(JourneyStage.BROWSING);
    }

    @Test
    void attributes_takeTheLatestEventTimePerKey_whateverTheArrivalOrder() throws Exception {
        open(ProfileSettings.DEFAULTS);

        // Tuesday's withdrawal and deletion arrive first; Monday's older update, queued offline, after them
        send(
                profileUpdate(TUESDAY, "c1", "{\"marketingConsent\":false,\"tier\":null,\"city\":\"Leeds\"}"),
                profileUpdate(
                        MONDAY,
                        "c1",
                        "{\"marketingConsent\":true,\"tier\":\"gold\",\"city\":\"York\"," + "\"pets\":\"cat\"}"));
        flush();

        assertThat(latest("c1").attributes())
                .containsExactly(
                        Map.entry("marketingConsent", false), Map.entry("city", "Leeds"), Map.entry("pets", "cat"));

        send(profileUpdate(WEDNESDAY, "c1", "{\"tier\":\"silver\",\"marketingConsent\":true}"));
        flush();

        assertThat(latest("c1").attributes())
                .as("a newer update sets a deleted key again")
                .containsEntry("tier", "silver")
                .containsEntry("marketingConsent", true);
    }

    @Test
    void aConsentStampedAheadOfTheClock_takesEffectWhenSent_soALaterWithdrawalWins() throws Exception {
        open(ProfileSettings.DEFAULTS);
        // sent on Monday but stamped Tuesday (a device clock a day fast); withdrawn an hour after it was sent
        grantStampedADayAheadSentMonday("c1");
        send(profileUpdate(MONDAY.plus(Duration.ofHours(1)), "c1", "{\"marketingConsent\":false}"));
        flush();

        assertThat(latest("c1").attributes()).containsExactly(Map.entry("marketingConsent", false));
    }

    @Test
    void aWithdrawalSentAfterAGrantStampedAhead_winsThoughStampedAMomentBeforeTheGrantArrived() throws Exception {
        open(ProfileSettings.DEFAULTS);
        // one batch: [grant stamped a day ahead, withdrawal stamped now]; Kafka stamps both records Monday 10:00,
        // and the withdrawal's own time is two seconds before that (stamped before sending, or a slow clock)
        grantStampedADayAheadSentMonday("c1");
        send(profileUpdate(MONDAY.minusSeconds(2), "c1", "{\"marketingConsent\":false}"));
        flush();
        assertThat(latest("c1").attributes()).containsExactly(Map.entry("marketingConsent", false));

        // further apart than a minute, the later time wins whatever the arrival order
        send(profileUpdate(MONDAY.minus(Duration.ofMinutes(5)), "c1", "{\"marketingConsent\":true}"));
        flush();
        assertThat(latest("c1").attributes()).containsExactly(Map.entry("marketingConsent", false));
    }

    @Test
    void erase_publishesATombstone_clearsEverything_andIgnoresReplays() throws Exception {
        open(ProfileSettings.DEFAULTS);
        String order = purchase(MONDAY, "c1", "o1", "a");
        send(order, view(MONDAY, "c2", "a"));
        flush();

        send(erase(TUESDAY, "c1"));

        assertThat(records("c1")).last().extracting(TopicRecord::isTombstone).isEqualTo(true);
        assertThat(harness.numKeyedStateEntries())
                .as("c2's profile, ids and timer; c1's marker and timer")
                .isEqualTo(5);
        int published = records("c1").size();

        send(order, view(TUESDAY, "c1", "b"));
        flush();
        assertThat(records("c1")).as("replays at or before the erase").hasSize(published);

        send(view(WEDNESDAY, "c1", "c"));
        flush();
        assertThat(latest("c1").orders()).isZero();
        assertThat(latest("c1").recentItems()).extracting(RecentItem::itemId).containsExactly("c");

        int beforeResend = records("c1").size();
        send(erase(TUESDAY, "c1"), erase(MONDAY, "c1"));
        flush();
        assertThat(records("c1"))
                .as("the same erase resent, or an older one: the newer profile stays (the other jobs keep counting it)")
                .hasSize(beforeResend);
        assertThat(latest("c1").recentItems()).extracting(RecentItem::itemId).containsExactly("c");

        send(erase(WEDNESDAY.plusSeconds(1), "c1"));
        watermark(WEDNESDAY.plusSeconds(1).plus(DEDUP));
        send(order);
        flush();
        assertThat(records("c1"))
                .last()
                .as("a purchase is applied up to the retention late, so its replay stays refused that long")
                .extracting(TopicRecord::isTombstone)
                .isEqualTo(true);

        Instant end = WEDNESDAY.plusSeconds(1).plus(RETENTION);
        send(view(end.minusSeconds(1), "c2", "d"));
        watermark(end);
        assertThat(harness.numKeyedStateEntries())
                .as("c1's marker gone; c2 kept")
                .isEqualTo(3);
    }

    @Test
    void seenIds_arePrunedAfterTheWindow_andLateDuplicatesIgnored() throws Exception {
        open(ProfileSettings.DEFAULTS);
        String seen = view(MONDAY, "c1", "a");
        send(seen);
        flush();
        int entries = harness.numKeyedStateEntries();

        watermark(MONDAY.plus(DEDUP));
        send(seen);
        flush();
        assertThat(latest("c1").recentItems())
                .as("too late once its memory has ended")
                .hasSize(1);

        watermark(MONDAY.plus(DEDUP).plus(DEDUP.dividedBy(4)));
        assertThat(harness.numKeyedStateEntries())
                .as("the seen ids are gone, pruned a quarter window later")
                .isEqualTo(entries - 1);
        assertThat(latest("c1").recentItems()).hasSize(1);
    }

    @Test
    void purchaseIds_areKeptForTheRetention_andLateDuplicatesIgnored() throws Exception {
        open(ProfileSettings.DEFAULTS);
        String order = purchase(MONDAY, "c1", "o1", "a");
        send(order);
        flush();

        watermark(MONDAY.plus(DEDUP).plus(DEDUP));
        send(order, purchase(MONDAY.plusSeconds(1), "c1", "o1", "a"));
        flush();
        assertThat(latest("c1").orders())
                .as("the eventId and the orderId outlive the dedup window")
                .isEqualTo(1);

        send(view(MONDAY.plus(RETENTION).minusSeconds(1), "c1", "b"));
        watermark(MONDAY.plus(RETENTION));
        send(order);
        flush();
        assertThat(latest("c1").orders())
                .as("too late once the retention has passed")
                .isEqualTo(1);
        assertThat(harness.numKeyedStateEntries())
                .as("profile, the view's id, timer: the order's ids are pruned")
                .isEqualTo(3);
    }

    @Test
    void backDatedPurchaseOrUpdate_pastTheDedupWindow_isApplied_butAViewIsNot() throws Exception {
        open(ProfileSettings.DEFAULTS);
        Instant now = MONDAY.plus(Duration.ofDays(100));
        send(view(now, "c1", "a"));
        watermark(now);

        Instant seventyDaysAgo = now.minus(Duration.ofDays(70));
        send(
                purchase(seventyDaysAgo, "c1", "o1", "b"),
                profileUpdate(seventyDaysAgo, "c1", "{\"tier\":\"gold\"}"),
                feedback(seventyDaysAgo, "c1", 5, "great"),
                view(seventyDaysAgo, "c1", "c"));
        flush();

        CustomerProfile p = latest("c1");
        assertThat(p.orders()).isEqualTo(1);
        assertThat(p.lastPurchaseAt()).isEqualTo(seventyDaysAgo.toEpochMilli());
        assertThat(p.attributes()).containsEntry("tier", "gold");
        assertThat(p.feedback().count()).isEqualTo(1);
        assertThat(p.recentItems())
                .as("a view 70 days late is past the dedup window")
                .extracting(RecentItem::itemId)
                .containsExactly("a", "b");
        assertThat(p.journeyStage()).as("a purchase 70 days ago, active today").isEqualTo(JourneyStage.FIRST_PURCHASE);
    }

    @Test
    void retention_deletesTheProfile_andAllItsState() throws Exception {
        open(ProfileSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a"), addToCart(MONDAY, "c1", "b"));
        flush();

        watermark(MONDAY.plus(RETENTION).minusMillis(1));
        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.LAPSED);
        watermark(MONDAY.plus(RETENTION));

        assertThat(records("c1")).last().extracting(TopicRecord::isTombstone).isEqualTo(true);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void endOfBoundedInput_flushesButExpiresNothing() throws Exception {
        open(ProfileSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a"));

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(latest("c1").journeyStage()).isEqualTo(JourneyStage.FIRST_PURCHASE);
        assertThat(records("c1")).hasSize(1);
    }
}
