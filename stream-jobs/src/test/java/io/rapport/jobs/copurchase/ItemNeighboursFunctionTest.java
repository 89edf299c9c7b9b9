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
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
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

    /** Deltas without a timestamp, as timers make them: dated by the watermark. */
    private void send(ItemDelta... deltas) throws Exception {
        for (ItemDelta d : deltas) {
            harness.processElement(new StreamRecord<>(d));
        }
    }

    /** Deltas as the combiner sends them: stamped with the newest event time summed into them. */
    private void sendAt(long eventTime, ItemDelta... deltas) throws Exception {
        for (ItemDelta d : deltas) {
            harness.processElement(d, eventTime);
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
            deltas[i].newBuyers = Integer.signum(n); // bought, or erased
        }
        return deltas;
    }

    @Test
    void burstOfDeltas_isOneSnapshotPerFlush_withTopNeighboursByCountThenId() throws Exception {
        send(buyers("a", 3));
        send(
                ItemDelta.pair("a", "b", 1),
                ItemDelta.pair("a", "b", 1),
                ItemDelta.pair("a", "e", 1),
                ItemDelta.pair("a", "c", 1),
                ItemDelta.pair("a", "c", 1),
                ItemDelta.pair("a", "c", 1),
                ItemDelta.pair("a", "d", 1),
                ItemDelta.pair("a", "d", 1));
        send(ItemDelta.counts("a", null, 0, 2, 1));

        assertThat(records()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(1_050);

        assertThat(records()).hasSize(1);
        ItemSnapshot first = snapshot(records().get(0));
        assertThat(first)
                .isEqualTo(new ItemSnapshot(
                        "a",
                        "cat-a",
                        3,
                        2,
                        1,
                        List.of(new NeighbourCount("c", 3), new NeighbourCount("b", 2), new NeighbourCount("d", 2)),
                        1_050,
                        0,
                        3));
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(ItemDelta.pair("a", "e", 1), ItemDelta.pair("a", "e", 1));
        harness.setProcessingTime(1_099);
        assertThat(records()).hasSize(1);
        harness.setProcessingTime(1_100);

        assertThat(records()).hasSize(2);
        assertThat(snapshot(records().get(1)).neighbours())
                .containsExactly(new NeighbourCount("c", 3), new NeighbourCount("e", 3), new NeighbourCount("b", 2));
    }

    @Test
    void deltaWithCountsAndPairs_changesBoth() throws Exception {
        ItemDelta both = ItemDelta.bought("a", "cat-a", 1);
        ItemDelta pairs = ItemDelta.pairs("a", new String[] {"b", "c"}, 1);
        both.neighbourIds = pairs.neighbourIds;
        both.coPurchases = 1;
        send(both, ItemDelta.pair("a", "c", 1));
        harness.setProcessingTime(1_050);

        assertThat(snapshot(records().get(0)))
                .isEqualTo(new ItemSnapshot(
                        "a",
                        "cat-a",
                        1,
                        0,
                        1,
                        List.of(new NeighbourCount("c", 2), new NeighbourCount("b", 1)),
                        1_050,
                        0,
                        1));
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

    @Test
    void pairIncrease_isDatedByTheWatermark_andTheSnapshotIsAsOfTheWatermarkAtTheFlush() throws Exception {
        long monday = MONDAY.toEpochMilli();
        long tuesday = TUESDAY.toEpochMilli();
        harness.processWatermark(monday);
        send(buyers("a", 2));
        send(ItemDelta.pair("a", "b", 1), ItemDelta.pair("a", "c", 1));
        harness.processWatermark(tuesday);
        send(ItemDelta.pair("a", "c", 1));
        harness.processWatermark(tuesday + 5_000);

        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(0));
        assertThat(s.neighbours())
                .containsExactly(new NeighbourCount("c", 2, tuesday), new NeighbourCount("b", 1, monday));
        assertThat(s.asOf()).isEqualTo(tuesday + 5_000);
        assertThat(s).isEqualTo(new ItemSnapshot("a", "cat-a", 2, 0, 0, s.neighbours(), 1_050, tuesday + 5_000, 2));
    }

    @Test
    void deltasStampedByTheirEvents_areDatedByThem_whenTheWatermarkLagsBehindAJump() throws Exception {
        long history = MONDAY.toEpochMilli();
        long today = history + java.time.Duration.ofDays(60).toMillis();
        harness.processWatermark(history);

        sendAt(today, ItemDelta.pair("a", "b", 1));
        sendAt(today, buyers("a", 1));
        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(records().size() - 1));
        assertThat(s.neighbours()).containsExactly(new NeighbourCount("b", 1, today));
        assertThat(s.asOf()).as("the snapshot is as recent as its newest pair").isEqualTo(today);
        assertThat(s.recentBuyers()).as("bought today, not 60 days ago").isEqualTo(1);
    }

    @Test
    void aLateDelta_isDatedByTheWatermark_neverBeforeIt() throws Exception {
        long monday = MONDAY.toEpochMilli();
        long wednesday = WEDNESDAY.toEpochMilli();
        harness.processWatermark(wednesday);

        sendAt(monday, ItemDelta.pair("a", "b", 1));
        harness.setProcessingTime(1_050);

        assertThat(snapshot(records().get(0)).neighbours()).containsExactly(new NeighbourCount("b", 1, wednesday));
    }

    @Test
    void aLateNewBuyer_isRecentByTheDayOfItsPurchase_notByTheWatermark() throws Exception {
        long today = MONDAY.toEpochMilli() + java.time.Duration.ofDays(60).toMillis();
        harness.processWatermark(today);

        // a history import arriving after today's purchases: 60 and 10 days old, and one of today
        sendAt(MONDAY.toEpochMilli(), buyers("a", 3));
        sendAt(today - java.time.Duration.ofDays(10).toMillis(), buyers("a", 2));
        sendAt(today, buyers("a", 1));
        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(records().size() - 1));
        assertThat(s.buyers()).isEqualTo(6);
        assertThat(s.recentBuyers())
                .as("the last 30 days' buyers: not the 3 of 60 days ago, though they arrived late")
                .isEqualTo(3);
    }

    @Test
    void historyStampedBeforeAnyWatermark_isNotRecentOnceTheWatermarkReachesToday() throws Exception {
        long history = MONDAY.toEpochMilli();
        long today = history + java.time.Duration.ofDays(60).toMillis();

        sendAt(history, buyers("a", 3));
        harness.setProcessingTime(1_050);
        harness.processWatermark(today);
        harness.setProcessingTime(1_100);

        ItemSnapshot s = snapshot(records().get(records().size() - 1));
        assertThat(s.buyers()).isEqualTo(3);
        assertThat(s.recentBuyers())
                .as("their day is 60 days before the watermark's")
                .isZero();
    }

    @Test
    void pairDecrease_keepsTheTimeOfTheLastIncrease() throws Exception {
        long monday = MONDAY.toEpochMilli();
        long wednesday = WEDNESDAY.toEpochMilli();
        harness.processWatermark(monday);
        send(ItemDelta.pair("a", "b", 1), ItemDelta.pair("a", "b", 1));
        harness.processWatermark(wednesday);
        send(ItemDelta.pair("a", "b", -1));
        harness.setProcessingTime(1_050);

        assertThat(snapshot(records().get(0)).neighbours()).containsExactly(new NeighbourCount("b", 1, monday));
        assertThat(snapshot(records().get(0)).asOf()).isEqualTo(wednesday);
    }

    @Test
    void beforeTheFirstWatermark_timesAreUnknown_andAsOfIsTheLatestIncrease() throws Exception {
        send(ItemDelta.pair("a", "b", 1));
        harness.setProcessingTime(1_050);
        ItemSnapshot undated = snapshot(records().get(0));
        assertThat(undated.neighbours()).containsExactly(new NeighbourCount("b", 1, NeighbourCount.UNKNOWN));
        assertThat(undated.asOf()).isEqualTo(NeighbourCount.UNKNOWN);

        harness.processWatermark(MONDAY.toEpochMilli());
        send(ItemDelta.pair("a", "c", 1));
        // the final watermark of a bounded input is not a time: asOf falls back to the latest increase
        harness.processWatermark(Long.MAX_VALUE);

        ItemSnapshot last = snapshot(records().get(1));
        assertThat(last.neighbours())
                .containsExactly(
                        new NeighbourCount("b", 1, NeighbourCount.UNKNOWN),
                        new NeighbourCount("c", 1, MONDAY.toEpochMilli()));
        assertThat(last.asOf()).isEqualTo(MONDAY.toEpochMilli());
    }

    @Test
    void increaseTimes_liveInTheNeighbourCountsValue_noNewStateEntry() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(ItemDelta.pair("a", "b", 1));
        harness.setProcessingTime(1_050);

        assertThat(harness.numKeyedStateEntries()).as("neighbourCounts only").isEqualTo(1);
    }

    private static final long DAY = 86_400_000L;

    /** The end of the UTC day {@code days} after the instant's. */
    private static long endOfDay(java.time.Instant at, int days) {
        return Math.floorDiv(at.toEpochMilli(), DAY) * DAY + (days + 1) * DAY - 1;
    }

    @Test
    void newBuyers_arePublishedAsRecentBuyers_byTheDayOfTheWatermark() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 3));
        harness.processWatermark(TUESDAY.toEpochMilli());
        send(buyers("a", 2));
        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(0));
        assertThat(s.buyers()).isEqualTo(5);
        assertThat(s.recentBuyers()).isEqualTo(5);
        assertThat(harness.numEventTimeTimers())
                .as("the republish when Monday leaves the window")
                .isEqualTo(1);
    }

    @Test
    void recentBuyers_shrinkWhenADayLeavesTheWindow_withoutAnyNewDelta() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ItemNeighboursFunction(SETTINGS.withRecentDays(2))),
                d -> d.itemId,
                Types.STRING);
        harness.setProcessingTime(1_000);
        harness.open();
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 3));
        harness.processWatermark(TUESDAY.toEpochMilli());
        send(buyers("a", 1));
        harness.setProcessingTime(1_050);
        assertThat(snapshot(records().get(0)).recentBuyers()).isEqualTo(4);

        // Wednesday: the window (2 days) is Tuesday and Wednesday; Monday's 3 leave it
        harness.processWatermark(endOfDay(MONDAY, 2));
        assertThat(records()).as("republished after the flush interval").hasSize(1);
        harness.setProcessingTime(1_100);

        ItemSnapshot wednesday = snapshot(records().get(1));
        assertThat(wednesday.recentBuyers()).isEqualTo(1);
        assertThat(wednesday.buyers()).as("all-time buyers stay").isEqualTo(4);
        assertThat(wednesday.asOf()).isEqualTo(endOfDay(MONDAY, 2));

        harness.processWatermark(endOfDay(MONDAY, 3));
        harness.setProcessingTime(1_150);

        assertThat(snapshot(records().get(2)).recentBuyers()).isZero();
        assertThat(snapshot(records().get(2)).buyers()).isEqualTo(4);
        assertThat(harness.numEventTimeTimers()).as("no day left to leave").isZero();
        assertThat(harness.numKeyedStateEntries()).as("counts only").isEqualTo(1);
    }

    @Test
    void removal_isSubtractedOnItsDay_andRecentBuyersNeverGoBelowZero() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 5));
        send(ItemDelta.counts("a", null, 0, 1, 0));
        harness.setProcessingTime(1_050);
        assertThat(snapshot(records().get(0)).recentBuyers()).isEqualTo(5);

        harness.processWatermark(TUESDAY.toEpochMilli());
        send(buyers("a", -5));
        harness.setProcessingTime(1_100);

        ItemSnapshot s = snapshot(records().get(1));
        assertThat(s.buyers()).isZero();
        assertThat(s.recentBuyers()).isZero();
    }

    @Test
    void expiredBuyers_leaveTheBuyers_butNotTheRecentBuyers() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 3));
        send(ItemDelta.counts("a", null, -2, 0, 0)); // two buyers a retention old expire: no newBuyers
        harness.setProcessingTime(1_050);

        ItemSnapshot s = snapshot(records().get(0));
        assertThat(s.buyers()).isEqualTo(1);
        assertThat(s.recentBuyers()).as("capped by the buyers").isEqualTo(1);

        send(buyers("a", 2));
        harness.setProcessingTime(1_100);

        assertThat(snapshot(records().get(1)).recentBuyers()).isEqualTo(3);
    }

    @Test
    void finalWatermark_letsNoDayLeaveTheWindow() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 2));
        harness.setProcessingTime(1_050);
        assertThat(records()).hasSize(1);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(records()).as("nothing republished at the end of the input").hasSize(1);
        harness.setProcessingTime(2_000);
        assertThat(records()).hasSize(1);
    }

    @Test
    void itemBackToZero_clearsItsRecentBuyersAndTheirTimer() throws Exception {
        harness.processWatermark(MONDAY.toEpochMilli());
        send(buyers("a", 1));
        harness.setProcessingTime(1_050);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("counts and recentExpiry").isEqualTo(2);

        send(buyers("a", -1));
        harness.setProcessingTime(1_100);

        assertThat(records().get(1)).isEqualTo(TopicRecord.tombstone("a"));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void buyersBeforeTheFirstWatermark_countAsRecent_andScheduleNothing() throws Exception {
        send(buyers("a", 2));
        harness.setProcessingTime(1_050);

        assertThat(snapshot(records().get(0)).recentBuyers()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
