package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CombiningDeltasOperatorTest extends CoPurchaseTestBase {
    private static final CoPurchaseSettings SETTINGS =
            CoPurchaseSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(50)).withMaxItemsPerCustomer(6);

    private final List<KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta>> harnesses =
            new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> open(
            KeyedProcessOperator<String, ShopperAction, ItemDelta> operator) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, a -> a.customerId, Types.STRING);
        h.setProcessingTime(1_000);
        h.open();
        harnesses.add(h);
        return h;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> combining() throws Exception {
        return open(new CombiningDeltasOperator<>(new CustomerItemsFunction(SETTINGS), SETTINGS.flushInterval()));
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> h, String json)
            throws Exception {
        ShopperAction action = action(json);
        h.processElement(action, action.timestamp);
    }

    /** The record's counts and its pair changes by neighbour, in itemId order. */
    private static String sorted(ItemDelta d) {
        Map<String, Integer> changes = new TreeMap<>();
        d.forEachChange(changes::put);
        return d.itemId + " buyers " + d.buyers + " viewers " + d.viewers + " viewersWhoBought " + d.viewersWhoBought
                + ", " + changes;
    }

    private static List<ItemDelta> deltas(KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> h) {
        return h.extractOutputValues();
    }

    @Test
    void deltasWaitHalfAFlushInterval_thenTravelAsOneRecordPerItem() throws Exception {
        var h = combining();
        send(h, purchase(MONDAY, "c1", "o1", "a", "b"));
        send(h, purchase(MONDAY, "c2", "o2", "a", "b", "c"));

        h.setProcessingTime(1_024);
        assertThat(deltas(h)).isEmpty();

        h.setProcessingTime(1_025);
        // the neighbours of a record come in no particular order
        assertThat(deltas(h))
                .extracting(CombiningDeltasOperatorTest::sorted)
                .containsExactly(
                        "a buyers 2 viewers 0 viewersWhoBought 0, {b=2, c=1}",
                        "b buyers 2 viewers 0 viewersWhoBought 0, {a=2, c=1}",
                        "c buyers 1 viewers 0 viewersWhoBought 0, {a=1, b=1}");
        assertThat(deltas(h)).extracting(d -> d.category).containsExactly("cat-a", "cat-b", "cat-c");
        // the side outputs are not held back
        assertThat(h.getSideOutput(CustomerItemsFunction.POPULATION)).hasSize(2);
        assertThat(h.getSideOutput(CustomerItemsFunction.CUSTOMER_ITEMS)).hasSize(2);
    }

    @Test
    void aFlushedDelta_carriesTheNewestEventTimeSummedSinceTheLastFlush() throws Exception {
        var h = combining();
        send(h, purchase(MONDAY, "c1", "o1", "a", "b"));
        send(h, purchase(TUESDAY, "c2", "o2", "a", "c"));
        h.setProcessingTime(1_025);
        send(h, purchase(MONDAY, "c3", "o3", "d"));
        h.setProcessingTime(1_050);

        List<String> stamped = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ItemDelta d) {
                stamped.add(d.itemId + (d.isPair() ? " pairs" : "") + " +" + d.newBuyers + " @"
                        + (r.getTimestamp() == TUESDAY.toEpochMilli() ? "tue" : "mon"));
            }
        }
        assertThat(stamped)
                .as("a, b, c of the first interval at its newest time, each new buyer of Monday on its own"
                        + " record at Monday's; d of the second")
                .containsExactly(
                        "a +1 @mon", // c1 bought a on Monday
                        "a pairs +1 @tue", // c2 on Tuesday, in the summed record
                        "b +1 @mon",
                        "b pairs +0 @tue",
                        "c pairs +1 @tue",
                        "d +1 @mon");
    }

    @Test
    void newBuyersOfAShuffledHistory_reachTheItemStageByTheDayOfTheirPurchase() throws Exception {
        var h = combining();
        // four buyers of "a" in one interval, their purchases on three days, arriving out of order
        send(h, purchase(TUESDAY, "c1", "o1", "a"));
        send(h, purchase(MONDAY, "c2", "o2", "a"));
        send(h, purchase(WEDNESDAY, "c3", "o3", "a"));
        send(h, purchase(MONDAY.plusSeconds(60), "c4", "o4", "a"));
        h.setProcessingTime(1_050);

        Map<Long, Integer> byDay = new java.util.TreeMap<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ItemDelta d && d.newBuyers != 0) {
                byDay.merge(Math.floorDiv(r.getTimestamp(), 86_400_000L), d.newBuyers, Integer::sum);
            }
        }
        long monday = Math.floorDiv(MONDAY.toEpochMilli(), 86_400_000L);
        assertThat(byDay).isEqualTo(Map.of(monday, 2, monday + 1, 1, monday + 2, 1));
        assertThat(net(deltas(h))).containsEntry("buyers(a)", 4);
    }

    @Test
    void sumsLeaveBeforeEveryWatermarkAndCheckpointBarrier() throws Exception {
        var h = combining();
        send(h, purchase(MONDAY, "c1", "o1", "a", "b"));
        h.processWatermark(new Watermark(MONDAY.toEpochMilli()));

        assertThat(h.getOutput()).hasSize(3);
        assertThat(new ArrayList<>(h.getOutput()).get(2)).isEqualTo(new Watermark(MONDAY.toEpochMilli()));

        send(h, purchase(MONDAY, "c2", "o2", "a", "c"));
        h.prepareSnapshotPreBarrier(1);

        assertThat(deltas(h)).hasSize(4);
        assertThat(net(deltas(h))).containsEntry("buyers(a)", 2).containsEntry("pair(a,c)", 1);
    }

    @Test
    void changesThatCancelOut_sendNothing_butTheSideOutputsStillTellTheStory() throws Exception {
        var h = combining();
        send(h, purchase(MONDAY, "c1", "o1", "a", "b"));
        send(h, erase(MONDAY.plusSeconds(1), "c1"));
        h.setProcessingTime(2_000);

        assertThat(deltas(h)).isEmpty();
        assertThat(h.getSideOutput(CustomerItemsFunction.POPULATION))
                .extracting(StreamRecord::getValue)
                .containsExactly(1L, -1L);
        assertThat(h.getSideOutput(CustomerItemsFunction.CUSTOMER_ITEMS))
                .extracting(r -> r.getValue().value == null)
                .containsExactly(false, true);
    }

    @Test
    void combinedDeltas_haveTheNetEffectOfThePlainFunctions_andTheSameSideOutputs() throws Exception {
        var plain = open(new KeyedProcessOperator<>(new CustomerItemsFunction(SETTINGS)));
        var combined = combining();
        Random random = new Random(11);
        Instant at = MONDAY.minus(Duration.ofDays(4 * 365)); // room for the jumps below
        long processingTime = 1_000;
        for (int i = 0; i < 600; i++) {
            String customer = "c" + random.nextInt(15);
            at = at.plusSeconds(random.nextInt(3_600));
            String json = switch (random.nextInt(10)) {
                case 0 -> erase(at, customer);
                case 1, 2 -> view(at, customer, "i" + random.nextInt(12));
                default -> purchase(at, customer, "o" + i, basket(random));
            };
            send(plain, json);
            send(combined, json);
            if (random.nextInt(50) == 0) {
                // event time passes far enough for some customers' items to expire
                at = at.plus(RETENTION.dividedBy(3));
                Watermark mark = new Watermark(at.toEpochMilli() - 1);
                plain.processWatermark(mark);
                combined.processWatermark(mark);
            }
            processingTime += random.nextInt(40);
            combined.setProcessingTime(processingTime);
        }
        combined.setProcessingTime(processingTime + 1_000);

        assertThat(net(deltas(combined))).isEqualTo(net(deltas(plain))).isNotEmpty();
        assertThat(newBuyers(deltas(combined)))
                .isEqualTo(newBuyers(deltas(plain)))
                .isNotEmpty();
        assertThat(deltas(combined).size()).isLessThan(deltas(plain).size());
        assertThat(List.copyOf(combined.getSideOutput(CustomerItemsFunction.POPULATION)))
                .isEqualTo(List.copyOf(plain.getSideOutput(CustomerItemsFunction.POPULATION)));
        assertThat(values(combined)).isEqualTo(values(plain));
    }

    private static List<String> values(KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> h) {
        List<String> values = new ArrayList<>();
        for (StreamRecord<TopicRecord> r : h.getSideOutput(CustomerItemsFunction.CUSTOMER_ITEMS)) {
            values.add(r.getValue().key + "=" + (r.getValue().value == null ? null : new String(r.getValue().value)));
        }
        return values;
    }

    private static String[] basket(Random random) {
        String[] items = new String[1 + random.nextInt(4)];
        for (int i = 0; i < items.length; i++) {
            items[i] = "i" + random.nextInt(12);
        }
        return items;
    }
}
