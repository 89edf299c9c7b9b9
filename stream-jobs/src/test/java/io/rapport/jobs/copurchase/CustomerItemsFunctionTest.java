package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.rapport.copurchase.CustomerItems;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CustomerItemsFunctionTest extends CoPurchaseTestBase {
    private KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(CoPurchaseSettings settings) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerItemsFunction(settings)), a -> a.customerId, Types.STRING);
        harness.open();
    }

    private void send(String json) throws Exception {
        ShopperAction action = action(json);
        harness.processElement(action, action.timestamp);
    }

    private List<ItemDelta> deltas() {
        return harness.extractOutputValues();
    }

    private List<Long> population() {
        return harness.getSideOutput(CustomerItemsFunction.POPULATION).stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
    }

    private List<TopicRecord> customerItems() {
        var records = harness.getSideOutput(CustomerItemsFunction.CUSTOMER_ITEMS);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static List<String> itemsOf(TopicRecord record) {
        return Json.decode(record.value, CustomerItems.class).items();
    }

    @Test
    void newItems_addBuyersAndPairsInBothDirections() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);

        send(purchase(MONDAY, "c1", "o1", "a", "b"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("buyers(a)", 1), entry("buyers(b)", 1), entry("pair(a,b)", 1), entry("pair(b,a)", 1));
        assertThat(deltas())
                .filteredOn(d -> d.buyers != 0)
                .extracting(d -> d.category)
                .containsOnly("cat-a", "cat-b");
        assertThat(deltas()).as("a new item's counts travel in its pair record").hasSize(2);
        assertThat(population()).containsExactly(1L);

        int before = deltas().size();
        send(purchase(TUESDAY, "c1", "o2", "b", "c"));

        assertThat(net(since(deltas(), before)))
                .containsOnly(
                        entry("buyers(c)", 1),
                        entry("pair(c,a)", 1),
                        entry("pair(a,c)", 1),
                        entry("pair(c,b)", 1),
                        entry("pair(b,c)", 1));
        assertThat(population()).containsExactly(1L);
        assertThat(customerItems()).extracting(r -> r.key).containsOnly("c1");
        assertThat(customerItems())
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .containsExactly(List.of("a", "b"), List.of("a", "b", "c"));
    }

    @Test
    void aReusedEventId_countsOnce_evenWithOtherItems() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a"));
        int before = deltas().size();

        send(purchase(TUESDAY, "c1", "o1", "b")); // eventId purchase-o1 again
        send(view(TUESDAY, "c1", "v").replace("view-c1-v-" + TUESDAY.toEpochMilli(), "purchase-o1"));

        assertThat(since(deltas(), before)).isEmpty();
        send(purchase(TUESDAY, "c2", "o1", "b"));
        assertThat(net(since(deltas(), before))).as("another customer's event").containsOnly(entry("buyers(b)", 1));
    }

    @Test
    void eventIdsAreRememberedForTheLast1024Events_thenForgotten() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o0", "a"));
        for (int i = 1; i <= CustomerMarks.RECENT_EVENTS; i++) {
            send(view(MONDAY.plusSeconds(i), "c1", "x" + i));
        }
        int before = deltas().size();

        send(purchase(TUESDAY, "c1", "o0", "b"));

        assertThat(net(since(deltas(), before)))
                .as("o0 was 1,025 events ago")
                .containsOnly(entry("buyers(b)", 1), entry("pair(a,b)", 1), entry("pair(b,a)", 1));
    }

    @Test
    void anEraseForgetsTheEventIdsToo() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a"));
        send(erase(TUESDAY, "c1"));
        int before = deltas().size();

        send(purchase(TUESDAY.plusSeconds(1), "c1", "o1", "a"));

        assertThat(net(since(deltas(), before))).containsOnly(entry("buyers(a)", 1));
    }

    @Test
    void purchaseOfOwnedItem_addsNoPair() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a", "b"));
        int deltasBefore = deltas().size();
        int snapshotsBefore = customerItems().size();

        send(purchase(TUESDAY, "c1", "o2", "a"));
        send(purchase(TUESDAY, "c1", "o3", "b", "a", "b"));

        assertThat(since(deltas(), deltasBefore)).isEmpty();
        assertThat(customerItems()).hasSize(snapshotsBefore);
    }

    @Test
    void duplicateEvents_changeNothing() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        String order = purchase(MONDAY, "c1", "o1", "a", "b");
        String look = view(MONDAY, "c1", "c");
        send(order);
        send(look);
        int deltasBefore = deltas().size();
        int snapshotsBefore = customerItems().size();
        int entriesBefore = harness.numKeyedStateEntries();

        send(order);
        send(look);
        send(order);

        assertThat(since(deltas(), deltasBefore)).isEmpty();
        assertThat(customerItems()).hasSize(snapshotsBefore);
        assertThat(population()).containsExactly(1L);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(entriesBefore);
    }

    @Test
    void itemsPastThePairCap_countAsBoughtButInNoPair_inEventOrder() throws Exception {
        open(CoPurchaseSettings.DEFAULTS.withMaxItemsPerCustomer(2));

        send(purchase(MONDAY, "c1", "o1", "a", "b", "c"));
        send(purchase(TUESDAY, "c1", "o2", "d"));
        send(purchase(TUESDAY, "c2", "o3", "c", "a", "b"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("buyers(a)", 2),
                        entry("buyers(b)", 2),
                        entry("buyers(c)", 2),
                        entry("buyers(d)", 1),
                        entry("pair(a,b)", 1),
                        entry("pair(b,a)", 1),
                        entry("pair(c,a)", 1),
                        entry("pair(a,c)", 1));
        assertThat(deltas())
                .filteredOn(d -> d.buyers != 0)
                .extracting(d -> d.newBuyers)
                .containsOnly(1);
        assertThat(customerItems())
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .containsExactly(List.of("a", "b", "c"), List.of("a", "b", "c", "d"), List.of("c", "a", "b"));
    }

    @Test
    void itemsPastTheBoughtCap_areIgnoredEntirely() throws Exception {
        open(CoPurchaseSettings.DEFAULTS.withMaxItemsPerCustomer(2).withMaxBoughtItemsPerCustomer(3));

        send(purchase(MONDAY, "c1", "o1", "a", "b", "c", "d"));
        send(purchase(TUESDAY, "c1", "o2", "e"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("buyers(a)", 1),
                        entry("buyers(b)", 1),
                        entry("buyers(c)", 1),
                        entry("pair(a,b)", 1),
                        entry("pair(b,a)", 1));
        assertThat(customerItems())
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void anEraseTakesBackItemsPastThePairCapExactly() throws Exception {
        open(CoPurchaseSettings.DEFAULTS.withMaxItemsPerCustomer(2));
        send(purchase(MONDAY, "c1", "o1", "a", "b", "c"));

        send(erase(TUESDAY, "c1"));

        assertThat(net(deltas())).isEmpty();
        assertThat(population()).containsExactly(1L, -1L);
    }

    @Test
    void itemRepeatedInOnePurchase_countsOnce_withTheFirstCategoryGiven() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        long at = MONDAY.toEpochMilli();

        harness.processElement(
                new ShopperAction(
                        "o1", "c1", EventType.PURCHASE, at, new String[] {"a", "b", "a", "b", "a"}, new String[] {
                            null, "b-1", "a-2", "b-2", "a-3"
                        }),
                at);

        assertThat(net(deltas()))
                .containsOnly(
                        entry("buyers(a)", 1), entry("buyers(b)", 1), entry("pair(a,b)", 1), entry("pair(b,a)", 1));
        assertThat(deltas())
                .filteredOn(d -> d.buyers != 0)
                .extracting(d -> d.itemId + " " + d.category)
                .containsExactly("a a-2", "b b-1");
        assertThat(customerItems())
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void manyItemsOverManyPurchases_keepTheirFirstBoughtOrder() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        List<String> bought = new ArrayList<>();
        for (int order = 0; order < 12; order++) {
            List<String> basket = new ArrayList<>(bought.subList(Math.max(0, bought.size() - 3), bought.size()));
            for (int k = 0; k < 4; k++) {
                basket.add("item-" + (47 - order * 4 - k));
            }
            bought.addAll(basket.subList(basket.size() - 4, basket.size()));
            send(purchase(MONDAY.plusSeconds(order), "c1", "o" + order, basket.toArray(String[]::new)));
        }

        assertThat(customerItems())
                .last()
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .isEqualTo(bought);
        assertThat(net(deltas())).hasSize(48 + 48 * 47);
    }

    @Test
    void customerItems_areTheMappersBytes_forIdsThatNeedEscaping() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        String customer = "say \"hi\" \\ caf\u00e9 \uD83E\uDD50\u0001";
        List<String> ids = List.of(
                "plain",
                "quote\"",
                "back\\slash",
                "tab\tnew\nline\r\b\f",
                "ctl\u0000\u001f\u007f",
                "caf\u00e9 \u2028 \u00ff\u0100\u0800\uffff",
                "\uD83E\uDD50 croissant",
                "lone \uD83E",
                "</script>",
                "");
        long at = MONDAY.toEpochMilli();

        harness.processElement(
                new ShopperAction(
                        "o1",
                        customer,
                        EventType.PURCHASE,
                        at,
                        ids.subList(0, 4).toArray(String[]::new),
                        null),
                at);
        harness.processElement(
                new ShopperAction("o2", customer, EventType.PURCHASE, at, ids.toArray(String[]::new), null), at);

        assertThat(customerItems())
                .extracting(r -> r.value)
                .containsExactly(
                        Json.encode(new CustomerItems(customer, ids.subList(0, 4))),
                        Json.encode(new CustomerItems(customer, ids)));
        assertThat(customerItems()).extracting(r -> r.key).containsOnly(customer);
    }

    @Test
    void viewsCountOncePerCustomer_andViewersWhoBoughtInEitherOrder() throws Exception {
        open(CoPurchaseSettings.DEFAULTS.withMaxViewedItemsPerCustomer(2));

        send(view(MONDAY, "c1", "a"));
        send(view(MONDAY.plusSeconds(1), "c1", "a"));
        send(purchase(TUESDAY, "c1", "o1", "a", "b"));
        send(view(WEDNESDAY, "c1", "b"));
        send(view(WEDNESDAY, "c1", "c"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("viewers(a)", 1), entry("viewers(b)", 1),
                        entry("buyers(a)", 1), entry("buyers(b)", 1),
                        entry("viewersWhoBought(a)", 1), entry("viewersWhoBought(b)", 1),
                        entry("pair(a,b)", 1), entry("pair(b,a)", 1));
    }

    @Test
    void erase_emitsExactNegatives_andLeavesOnlyTheMarker() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(view(MONDAY, "c1", "a"));
        send(purchase(MONDAY, "c1", "o1", "a", "b"));
        send(purchase(TUESDAY, "c1", "o2", "c"));
        send(view(TUESDAY, "c1", "d"));
        send(purchase(TUESDAY, "c2", "o3", "a"));
        int beforeErase = deltas().size();
        Instant erasedAt = WEDNESDAY;

        send(erase(erasedAt, "c1"));

        List<ItemDelta> negatives = since(deltas(), beforeErase);
        assertThat(negatives)
                .allSatisfy(d -> assertThat(d.buyers + d.viewers + d.viewersWhoBought + d.coPurchases)
                        .isNegative());
        assertThat(net(deltas())).containsOnly(entry("buyers(a)", 1));
        assertThat(newBuyers(deltas()))
                .as("an erased buyer is a lost new buyer")
                .containsOnly(entry("a", 1));
        assertThat(population()).containsExactly(1L, 1L, -1L);
        assertThat(customerItems()).last().satisfies(r -> {
            assertThat(r.key).isEqualTo("c1");
            assertThat(r.isTombstone()).isTrue();
        });

        assertThat(harness.numKeyedStateEntries())
                .as("c2's marks and timer, c1's erasedAt: one value each")
                .isEqualTo(2);
        assertThat(harness.numEventTimeTimers())
                .as("c2's retention, c1's marker")
                .isEqualTo(2);

        int afterErase = deltas().size();
        send(purchase(MONDAY, "c1", "o1", "a", "b"));
        send(erase(erasedAt, "c1"));
        assertThat(since(deltas(), afterErase))
                .as("replayed history of an erased customer")
                .isEmpty();

        harness.processWatermark(erasedAt.plus(RETENTION).toEpochMilli() - 1);
        assertThat(harness.numKeyedStateEntries()).as("only c1's marker").isEqualTo(1);
        harness.processWatermark(erasedAt.plus(RETENTION).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).as("everything expired").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void erasingABuyerOfLongAgo_losesNoRecentBuyer() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        Instant erasedAt = MONDAY.plus(Duration.ofDays(40));
        send(purchase(MONDAY, "c1", "o1", "a"));
        send(purchase(erasedAt.minus(Duration.ofDays(2)), "c1", "o2", "b"));
        send(view(erasedAt.minus(Duration.ofDays(45)), "c1", "x"));
        int beforeErase = deltas().size();

        send(erase(erasedAt, "c1"));

        List<ItemDelta> negatives = since(deltas(), beforeErase);
        assertThat(net(negatives)).contains(entry("buyers(a)", -1), entry("buyers(b)", -1));
        assertThat(newBuyers(negatives))
                .as("a's purchase, 40 days back, left the 30-day window long ago; b's, 2 days back, did not")
                .containsOnly(entry("b", -1));
    }

    @Test
    void eventsAfterAnErase_countAgain() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a", "b"));
        send(erase(TUESDAY, "c1"));

        send(purchase(WEDNESDAY, "c1", "o2", "a"));

        assertThat(net(deltas())).containsOnly(entry("buyers(a)", 1));
        assertThat(population()).containsExactly(1L, -1L, 1L);
    }

    @Test
    void retention_expiresItemsWithExactNegatives_andClearsState() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        Instant later = MONDAY.plus(Duration.ofDays(200));
        send(purchase(MONDAY, "c1", "o1", "a"));
        send(view(MONDAY, "c1", "x"));
        send(purchase(later, "c1", "o2", "b"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        int before = deltas().size();

        harness.processWatermark(MONDAY.plus(RETENTION).toEpochMilli());

        assertThat(net(since(deltas(), before)))
                .containsOnly(
                        entry("buyers(a)", -1),
                        entry("viewers(x)", -1),
                        entry("pair(a,b)", -1),
                        entry("pair(b,a)", -1));
        assertThat(newBuyers(since(deltas(), before)))
                .as("an expired buyer was no new buyer for a year")
                .isEmpty();
        assertThat(newBuyers(deltas())).containsOnly(entry("a", 1), entry("b", 1));
        assertThat(customerItems())
                .last()
                .extracting(CustomerItemsFunctionTest::itemsOf)
                .isEqualTo(List.of("b"));
        assertThat(harness.numEventTimeTimers()).as("next expiry, of b").isEqualTo(1);

        harness.processWatermark(later.plus(RETENTION).toEpochMilli());

        assertThat(net(deltas())).isEmpty();
        assertThat(population()).containsExactly(1L, -1L);
        assertThat(customerItems()).last().extracting(r -> r.isTombstone()).isEqualTo(true);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void repeatedActivity_postponesExpiry() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        Instant later = MONDAY.plus(Duration.ofDays(100));
        send(purchase(MONDAY, "c1", "o1", "a"));
        send(purchase(later, "c1", "o2", "a"));
        int before = deltas().size();

        harness.processWatermark(MONDAY.plus(RETENTION).toEpochMilli());

        assertThat(since(deltas(), before)).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void olderEventArrivingLate_expiresOnItsOwnTime() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(WEDNESDAY, "c1", "o2", "b"));
        send(purchase(MONDAY, "c1", "o1", "b", "a"));
        int before = deltas().size();

        harness.processWatermark(MONDAY.plus(RETENTION).toEpochMilli());

        assertThat(net(since(deltas(), before)))
                .containsOnly(entry("buyers(a)", -1), entry("pair(a,b)", -1), entry("pair(b,a)", -1));
        assertThat(harness.numEventTimeTimers()).as("b's expiry").isEqualTo(1);
    }

    @Test
    void eventsAlreadyPastRetention_areIgnored() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        harness.processWatermark(MONDAY.plus(RETENTION).toEpochMilli());

        send(purchase(MONDAY, "c1", "o1", "a", "b"));

        assertThat(deltas()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void endOfBoundedInput_expiresNothing() throws Exception {
        open(CoPurchaseSettings.DEFAULTS);
        send(purchase(MONDAY, "c1", "o1", "a", "b"));
        int before = deltas().size();

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(since(deltas(), before)).isEmpty();
    }
}
