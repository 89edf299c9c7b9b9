package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerKpiFunctionTest extends KpiTestBase {
    private KeyedOneInputStreamOperatorTestHarness<String, KpiEvent, KpiDelta> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerKpiFunction(KpiSettings.DEFAULTS)),
                e -> e.customerId,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String... events) throws Exception {
        for (String json : events) {
            KpiEvent e = event(json);
            harness.processElement(e, e.timestamp);
        }
    }

    /** The net deltas of minute panes as {@code counter@minute -> sum}. */
    private Map<String, Long> net() {
        Map<String, Long> net = new HashMap<>();
        for (KpiDelta d : harness.extractOutputValues()) {
            if (d.paneSize != PaneSize.MINUTE.millis()) {
                continue;
            }
            net.merge(d.counter + "@" + (d.paneStart - T0.toEpochMilli()) / MINUTE, d.amount, Long::sum);
        }
        return net;
    }

    /** The non-zero net buyer deltas ({@code b|<previous>@minute}). */
    private Map<String, Long> buyers() {
        Map<String, Long> buyers = new HashMap<>(net());
        buyers.keySet().removeIf(k -> !k.startsWith("b|"));
        buyers.values().removeIf(v -> v == 0);
        return buyers;
    }

    @Test
    void duplicateEventId_countsOnce() throws Exception {
        String v = view("e-1", "c-1", at(0), "i-1");
        send(v, v, v);

        assertThat(net()).containsExactlyInAnyOrderEntriesOf(Map.of("e|view@0", 1L, "c|views@0", 1L));
    }

    @Test
    void eventsGoToThePaneOfTheirEventTime_evenOutOfOrder() throws Exception {
        send(view("e-1", "c-1", at(5), "i-1"), addToCart("e-2", "c-1", at(2), "i-1"), view("e-3", "c-1", at(2), "i-2"));

        assertThat(net())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "e|view@5",
                        1L,
                        "c|views@5",
                        1L,
                        "e|add_to_cart@2",
                        1L,
                        "c|addToCarts@2",
                        1L,
                        "e|view@2",
                        1L,
                        "c|views@2",
                        1L));
    }

    @Test
    void purchase_addsRevenueOnce_andAnOrderPerDistinctOrderId() throws Exception {
        send(
                purchase("e-1", "c-1", at(0), "o-1", 2.5, "i-1", "i-2"),
                purchase("e-2", "c-1", at(1), "o-2", 1.25, "i-3"));

        assertThat(net())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "e|purchase@0",
                        1L,
                        "c|purchases@0",
                        1L,
                        "c|orders@0",
                        1L,
                        "c|revenueMicros@0",
                        5_000_000L,
                        "e|purchase@1",
                        1L,
                        "c|purchases@1",
                        1L,
                        "c|orders@1",
                        1L,
                        "c|revenueMicros@1",
                        1_250_000L,
                        "b|none@0",
                        1L,
                        "b|" + at(0) + "@1",
                        1L));
    }

    @Test
    void aPurchaseRepeatingAKnownOrderId_isTheOrderResent_andCountsNothing() throws Exception {
        send(
                purchase("e-1", "c-1", at(0), "o-1", 2.5, "i-1", "i-2"),
                purchase("e-2", "c-1", at(1), "o-1", 1.25, "i-3"),
                purchase("e-3", "c-2", at(1), "o-1", 1.0, "i-3"));

        assertThat(net())
                .as("another customer's o-1 is another order")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "e|purchase@0",
                        1L,
                        "c|purchases@0",
                        1L,
                        "c|orders@0",
                        1L,
                        "c|revenueMicros@0",
                        5_000_000L,
                        "e|purchase@1",
                        1L,
                        "c|purchases@1",
                        1L,
                        "c|orders@1",
                        1L,
                        "c|revenueMicros@1",
                        1_000_000L,
                        "b|none@0",
                        1L,
                        "b|none@1",
                        1L));
    }

    @Test
    void holdoutAndTreated_countedAtFirstExposure_conversionCreditedToThatPane() throws Exception {
        send(
                impression("e-1", "c-1", at(0), "o-1", false),
                impression("e-2", "c-1", at(3), "o-1", false),
                click("e-3", "c-1", at(4), "o-1"),
                redeem("e-4", "c-1", at(5), "o-1"),
                purchase("e-5", "c-1", at(10), "p-1", 1, "i-1"),
                purchase("e-6", "c-1", at(11), "p-2", 1, "i-1"));
        send(impression("e-7", "c-2", at(1), "o-1", true), purchase("e-8", "c-2", at(20), "p-3", 1, "i-1"));

        Map<String, Long> net = net();
        assertThat(net)
                .containsEntry("o|impressions|o-1@0", 1L)
                .containsEntry("o|impressions|o-1@3", 1L)
                .containsEntry("o|clicks|o-1@4", 1L)
                .containsEntry("o|redemptions|o-1@5", 1L)
                .containsEntry("o|treatedCustomers|o-1@0", 1L)
                .containsEntry("o|treatedConverted|o-1@0", 1L)
                .containsEntry("o|holdoutCustomers|o-1@1", 1L)
                .containsEntry("o|holdoutConverted|o-1@1", 1L)
                .doesNotContainKey("o|impressions|o-1@1");
        assertThat(net)
                .as("the holdout marker is no impression in the event counts either")
                .containsEntry("e|offer_impression@0", 1L)
                .containsEntry("e|offer_impression@3", 1L)
                .doesNotContainKey("e|offer_impression@1");
        assertThat(net.keySet()).filteredOn(k -> k.contains("Converted")).hasSize(2);
        // only the treated customer's converting purchase is attributed revenue
        assertThat(net.keySet())
                .filteredOn(k -> k.contains("convertedRevenueMicros"))
                .containsExactly("o|convertedRevenueMicros|o-1@0");
        assertThat(net).containsEntry("o|convertedRevenueMicros|o-1@0", 1_000_000L);
    }

    @Test
    void buyers_countOncePerPane_byThePaneOfTheirPreviousPurchase() throws Exception {
        send(
                purchase("e-1", "c-1", at(0), "p-1", 1, "i-1"),
                purchase("e-2", "c-1", at(0), "p-2", 1, "i-2"),
                purchase("e-3", "c-1", at(60), "p-3", 1, "i-1"));

        assertThat(buyers()).containsExactlyInAnyOrderEntriesOf(Map.of("b|none@0", 1L, "b|" + at(0) + "@60", 1L));
    }

    @Test
    void purchaseArrivingOutOfOrder_relinksTheLaterPurchasePane() throws Exception {
        send(
                purchase("e-1", "c-1", at(0), "p-1", 1, "i-1"),
                purchase("e-3", "c-1", at(60), "p-3", 1, "i-1"),
                purchase("e-2", "c-1", at(30), "p-2", 1, "i-2"),
                purchase("e-0", "c-1", at(-10), "p-0", 1, "i-2"));

        assertThat(buyers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "b|none@-10",
                        1L,
                        "b|" + at(-10) + "@0",
                        1L,
                        "b|" + at(0) + "@30",
                        1L,
                        "b|" + at(30) + "@60",
                        1L));
    }

    @Test
    void purchaseOutsideTheConversionWindow_doesNotConvert() throws Exception {
        send(impression("e-1", "c-1", at(0), "o-1", true), purchase("e-2", "c-1", at(7 * 24 * 60), "p-1", 1, "i-1"));

        assertThat(net()).containsEntry("o|holdoutCustomers|o-1@0", 1L).doesNotContainKey("o|holdoutConverted|o-1@0");
    }

    @Test
    void recommendationClick_attributesThePurchaseOfTheClickedItemWithinTheWindow() throws Exception {
        send(
                recommendationImpression("e-1", "c-1", at(0)),
                recommendationClick("e-2", "c-1", at(1), "i-1"),
                purchase("e-3", "c-1", at(2), "p-1", 3, "i-1", "i-2"),
                purchase("e-4", "c-1", at(24 * 60 + 2), "p-2", 3, "i-1"));

        Map<String, Long> net = net();
        assertThat(net)
                .containsEntry("c|recommendationImpressions@0", 1L)
                .containsEntry("c|recommendationClicks@1", 1L)
                .containsEntry("c|attributedRevenueMicros@2", 3_000_000L)
                .doesNotContainKey("c|attributedRevenueMicros@" + (24 * 60 + 2));
        assertThat(net.keySet()).noneMatch(k -> k.startsWith("o|"));
    }

    @Test
    void aRecommendationClickNamingItsItemInItems_isAttributedLikeOneWithItemId() throws Exception {
        send(
                head("e-1", "offer_click", "c-1", at(0))
                        + ",\"offerId\":\"also-bought\",\"recommendationId\":\"r-1\",\"items\":[{\"itemId\":\"i-1\"}]}",
                purchase("e-2", "c-1", at(1), "p-1", 3, "i-1"));

        assertThat(net()).containsEntry("c|attributedRevenueMicros@1", 3_000_000L);
    }

    @Test
    void attributionWindow_isHalfOpen_likeTheConversionWindow_inEitherArrivalOrder() throws Exception {
        send(
                recommendationClick("e-1", "c-1", at(0), "i-1"),
                purchase("e-2", "c-1", at(24 * 60), "p-1", 3, "i-1"),
                purchase("e-3", "c-2", at(24 * 60), "p-2", 4, "i-1"),
                recommendationClick("e-4", "c-2", at(0), "i-1"),
                purchase("e-5", "c-3", at(24 * 60 - 1), "p-3", 5, "i-1"),
                recommendationClick("e-6", "c-3", at(0), "i-1"));

        assertThat(net())
                .as("24 h after the click is past the window; a minute before it is not")
                .containsEntry("c|attributedRevenueMicros@" + (24 * 60 - 1), 5_000_000L)
                .doesNotContainKey("c|attributedRevenueMicros@" + 24 * 60);
    }

    @Test
    void anExposureArrivingAfterThePurchase_itPreceded_isConvertedByIt() throws Exception {
        // the app reports impressions in batches, after the shop's order arrived
        send(
                purchase("e-1", "c-1", at(10), "p-1", 2, "i-1"),
                impression("e-2", "c-1", at(5), "o-1", false),
                impression("e-3", "c-2", at(5), "o-1", true),
                purchase("e-4", "c-2", at(3), "p-2", 1, "i-1"),
                purchase("e-5", "c-2", at(8), "p-3", 1, "i-1"));

        Map<String, Long> net = net();
        assertThat(net)
                .containsEntry("o|treatedCustomers|o-1@5", 1L)
                .containsEntry("o|treatedConverted|o-1@5", 1L)
                .containsEntry("o|convertedRevenueMicros|o-1@5", 2_000_000L)
                .containsEntry("o|holdoutCustomers|o-1@5", 1L)
                .containsEntry("o|holdoutConverted|o-1@5", 1L);
    }

    @Test
    void anEarlierExposureOfTheOtherGroupArrivingLate_putsTheCustomerInItsGroup_inEitherArrivalOrder()
            throws Exception {
        // the same history (held out at minute 2, then shown at 5, a purchase at 8), arriving in two
        // orders: c-1's holdout marker after the impression, c-2's before it; both are held out
        send(
                impression("e-1", "c-1", at(5), "o-1", false),
                purchase("e-2", "c-1", at(8), "p-1", 2, "i-1"),
                impression("e-3", "c-1", at(2), "o-1", true),
                impression("e-4", "c-2", at(2), "o-1", true),
                impression("e-5", "c-2", at(5), "o-1", false),
                purchase("e-6", "c-2", at(8), "p-2", 2, "i-1"));

        Map<String, Long> net = new HashMap<>(net());
        net.values().removeIf(v -> v == 0);
        assertThat(net)
                .containsEntry("o|holdoutCustomers|o-1@2", 2L)
                .containsEntry("o|holdoutConverted|o-1@2", 2L)
                .containsEntry("o|impressions|o-1@5", 2L);
        assertThat(net.keySet())
                .as("neither is treated, and a held-out customer's purchase is no converted revenue")
                .noneMatch(k -> k.contains("treated") || k.contains("convertedRevenueMicros"));
    }

    @Test
    void anEarlierExposureArrivingLate_movesTheCustomerAndTheConversionToItsPane_andTheEarliestPurchaseConverts()
            throws Exception {
        send(
                impression("e-1", "c-1", at(20), "o-1", false),
                purchase("e-2", "c-1", at(30), "p-1", 5, "i-1"),
                impression("e-3", "c-1", at(2), "o-1", false),
                purchase("e-4", "c-1", at(10), "p-2", 1, "i-1"));

        Map<String, Long> net = new HashMap<>(net());
        net.values().removeIf(v -> v == 0);
        assertThat(net).containsEntry("o|treatedCustomers|o-1@2", 1L).containsEntry("o|treatedConverted|o-1@2", 1L);
        assertThat(net)
                .as("converted by the purchase at minute 10, the earliest after the exposure at 2")
                .containsEntry("o|convertedRevenueMicros|o-1@2", 1_000_000L);
        assertThat(net.keySet()).noneMatch(k -> k.endsWith("@20") && k.startsWith("o|treated"));
        assertThat(net.keySet()).filteredOn(k -> k.contains("Converted")).hasSize(1);
    }

    @Test
    void aRecommendationClickArrivingAfterThePurchase_itPreceded_isAttributedItsLine() throws Exception {
        send(
                purchase("e-1", "c-1", at(2), "p-1", 3, "i-1", "i-2"),
                recommendationClick("e-2", "c-1", at(1), "i-1"),
                recommendationClick("e-3", "c-1", at(1), "i-1"),
                recommendationClick("e-4", "c-1", at(0), "i-1"),
                recommendationClick("e-5", "c-1", at(5), "i-2"));

        Map<String, Long> net = net();
        assertThat(net)
                .as("the i-1 line once, however many clicks; none for i-2, clicked after the purchase")
                .containsEntry("c|attributedRevenueMicros@2", 3_000_000L);
    }

    @Test
    void feedback_countsAndSumsRatings() throws Exception {
        send(feedback("e-1", "c-1", at(0), 4), feedback("e-2", "c-1", at(0), 5));

        assertThat(net()).containsEntry("c|feedback@0", 2L).containsEntry("c|ratingSum@0", 9L);
    }

    @Test
    void erase_takesBackEveryContribution_andClearsCustomerState_butTheEventIds() throws Exception {
        String firstOrder = purchase("e-1", "c-1", at(0), "o-1", 1, "i-1");
        send(impression("e-0", "c-1", at(0), "o-1", false), firstOrder, view("e-2", "c-1", at(1), "i-1"));
        // eventIds, orderIds, exposures, purchase minutes, hours and days, their expiry timer,
        // contributions, the kept purchases
        assertThat(harness.numKeyedStateEntries()).isEqualTo(9);

        send(erase("e-9", "c-1", at(2)), firstOrder);

        assertThat(harness.numKeyedStateEntries())
                .as("the eventIds and the erase marker")
                .isEqualTo(2);
        Map<String, Long> left = new HashMap<>(net());
        left.values().removeIf(v -> v == 0);
        assertThat(left).containsExactlyInAnyOrderEntriesOf(Map.of("e|erase@2", 1L));
    }

    @Test
    void anEraseDatedAtOrBeforeTheAppliedOne_leavesTheNewerEventsCounted() throws Exception {
        send(erase("e-9", "c-1", at(2)), purchase("e-3", "c-1", at(3), "o-2", 1, "i-2"));
        Map<String, Long> before = new HashMap<>(net());

        send(erase("e-10", "c-1", at(2)), erase("e-11", "c-1", at(1)));

        assertThat(net()).as("the order made after the erase stays").isEqualTo(before);
        assertThat(before).containsEntry("e|purchase@3", 1L);
    }

    @Test
    void erase_takesBackAMinuteContributionFromItsHourAndDayPanes_onceTheMinutePaneHasExpired() throws Exception {
        send(view("e-1", "c-1", at(0), "i-1"));
        long minuteExpiry =
                pane(0) + KpiSettings.DEFAULTS.paneRetention(PaneSize.MINUTE).toMillis();
        harness.processWatermark(minuteExpiry);
        int before = harness.extractOutputValues().size();

        send(erase("e-9", "c-1", Instant.ofEpochMilli(minuteExpiry + MINUTE)));

        List<KpiDelta> erased = harness.extractOutputValues();
        erased = erased.subList(before, erased.size());
        assertThat(erased)
                .containsExactlyInAnyOrder(
                        new KpiDelta(PaneSize.HOUR, PaneSize.HOUR.start(pane(0)), "e|view", -1),
                        new KpiDelta(PaneSize.DAY, PaneSize.DAY.start(pane(0)), "e|view", -1),
                        new KpiDelta(PaneSize.HOUR, PaneSize.HOUR.start(pane(0)), "c|views", -1),
                        new KpiDelta(PaneSize.DAY, PaneSize.DAY.start(pane(0)), "c|views", -1),
                        new KpiDelta(minuteExpiry + MINUTE, "e|erase", 1));
    }

    @Test
    void purchasePanes_ofACustomerWhoStopsBuying_areForgottenInEventTime_sizeBySize() throws Exception {
        send(purchase("e-1", "c-1", at(0), "o-1", 1, "i-1"));
        // eventIds, orderIds, purchase minutes, hours and days, their expiry timer, contributions,
        // the kept purchases
        assertThat(harness.numKeyedStateEntries()).isEqualTo(8);
        long bought = at(0).toEpochMilli();
        KpiSettings settings = KpiSettings.DEFAULTS;

        harness.processWatermark(bought + settings.purchaseMemoryMillis(PaneSize.MINUTE) + 1);
        assertThat(harness.numKeyedStateEntries())
                .as("the minute pane forgotten")
                .isEqualTo(7);
        harness.processWatermark(bought + settings.purchaseMemoryMillis(PaneSize.HOUR) + 1);
        assertThat(harness.numKeyedStateEntries()).as("the hour pane forgotten").isEqualTo(6);
        harness.processWatermark(bought + settings.purchaseMemoryMillis(PaneSize.DAY) + 1);
        assertThat(harness.numKeyedStateEntries())
                .as("only the ids and the kept purchase, under their TTL")
                .isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void customerState_expiresAfterItsTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(view("e-1", "c-1", at(0), "i-1"));
        // the eventIds; the contributions (kept for the erase as long as their panes) and their expiry timer
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        harness.setStateTtlProcessingTime(
                KpiSettings.DEFAULTS.customerStateTtl().toMillis() + 1);
        send(view("e-1", "c-1", at(0), "i-1"));

        assertThat(net()).containsEntry("c|views@0", 2L);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).as("the contributions' expiry").isEqualTo(1);
    }

    @Test
    void paneKeys_areMinuteStarts() {
        assertThat(KpiDelta.count(at(3).toEpochMilli() + 59_999, KpiPane.VIEWS, 1).paneStart)
                .isEqualTo(pane(3));
    }
}
