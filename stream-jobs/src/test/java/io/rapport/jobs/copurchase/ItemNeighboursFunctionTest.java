package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemNeighboursFunctionTest extends CoPurchaseTestBase {
    private static final CoPurchaseSettings SETTINGS =
            CoPurchaseSettings.DEFAULTS.withNeighboursPerItem(3).withFlushInterval(Duration.ofMillis(50));

    private KeyedOneInputStreamOperatorTestHarness<String, ItemDelta, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ItemNeighboursFunction(SETTINGS)), d -> d.itemId, Types.STRING);
        harness.setProcessingTime(1_000);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ItemDelta... deltas) throws Exception {
        for (ItemDelta d : deltas) {
            harness.processElement(d, MONDAY.toEpochMilli());
        }
    }

    private List<TopicRecord> records() {
        return harness.extractOutputValues();
    }

    private static ItemSnapshot snapshot(TopicRecord record) {
        return Json.decode(record.value, ItemSnapshot.class);
    }

    private static ItemDelta[] buyers(String item, int n) {
        ItemDelta[] deltas = new ItemDelta[Math.abs(n)];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = ItemDelta.counts(item, "cat-" + item, Integer.signum(n), 0, 0);
        }
        return deltas;
    }

    @Test
    void burstOfDeltas_isOneSnapshotPerFlush_withTopNeighboursByCountThenId() throws Exception {
        send(buyers("a", 3));
        send(ItemDelta.pair("a", "b", 1), ItemDelta.pair("a", "b", 1), ItemDelta.pair("a", "e", 1),
                ItemDelta.pair("a", "c", 1), ItemDelta.pair("a", "c", 1), ItemDelta.pair("a", "c", 1),
                ItemDelta.pair("a", "d", 1), ItemDelta.pair("a", "d", 1));
        send(ItemDelta.counts("a", null, 0, 2, 1));

        assertThat(records()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(1_050);

        assertThat(records()).hasSize(1);
        ItemSnapshot first = snapshot(records().get(0));
        assertThat(first).isEqualTo(new ItemSnapshot("a", "cat-a", 3, 2, 1,
                List.of(new NeighbourCount("c", 3), new NeighbourCount("b", 2), new NeighbourCount("d", 2)), 1_050));
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(ItemDelta.pair("a", "e", 1), ItemDelta.pair("a", "e", 1));
        harness.setProcessingTime(1_099);
        assertThat(records()).hasSize(1);
        harness.setProcessingTime(1_100);

        assertThat(records()).hasSize(2);
        assertThat(snapshot(records().get(1)).neighbours()).containsExactly(
                new NeighbourCount("c", 3), new NeighbourCount("e", 3), new NeighbourCount("b", 2));
    }

    @Test
    void deltaWithCountsAndPairs_changesBoth() throws Exception {
        ItemDelta both = ItemDelta.counts("a", "cat-a", 1, 0, 1);
        ItemDelta pairs = ItemDelta.pairs("a", new String[] {"b", "c"}, 1);
        both.neighbourIds = pairs.neighbourIds;
        both.coPurchases = 1;
        send(both, ItemDelta.pair("a", "c", 1));
        harness.setProcessingTime(1_050);

        assertThat(snapshot(records().get(0))).isEqualTo(new ItemSnapshot("a", "cat-a", 1, 0, 1,
                List.of(new NeighbourCount("c", 2), new NeighbourCount("b", 1)), 1_050));
    }

    @Test
    void itemBackToZero_isTombstoned_andItsStateCleared() throws Exception {
        send(buyers("a", 2));
        send(ItemDelta.pair("a", "b", 1), ItemDelta.counts("a", null, 0, 1, 1));
        harness.setProcessingTime(1_050);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        send(buyers("a", -2));
        send(ItemDelta.pair("a", "b", -1), ItemDelta.counts("a", null, 0, -1, -1));
        harness.setProcessingTime(1_100);

        assertThat(records()).hasSize(2);
        assertThat(records().get(1)).isEqualTo(TopicRecord.tombstone("a"));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void endOfBoundedInput_flushesPendingItems() throws Exception {
        send(buyers("a", 1));
        send(buyers("b", 1));

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(records()).extracting(r -> r.key).containsExactlyInAnyOrder("a", "b");
        assertThat(harness.numProcessingTimeTimers()).isZero();
        harness.setProcessingTime(1_050);
        assertThat(records()).as("no second flush").hasSize(2);
    }

    @Test
    void deltasInAnyOrder_sumToTheSameCounts() throws Exception {
        send(ItemDelta.pair("a", "b", 1), ItemDelta.pair("a", "b", -1), ItemDelta.pair("a", "b", 1));
        send(buyers("a", -1));
        send(buyers("a", 2));
        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(0));
        assertThat(s.buyers()).isEqualTo(1);
        assertThat(s.neighbours()).containsExactly(new NeighbourCount("b", 1));
    }
}
